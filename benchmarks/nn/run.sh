#!/usr/bin/env bash
# Times one training step of the Fashion-MNIST MLP (784-256-128-10, batch 128, FLOAT32, forward +
# backward + Adam; on 32 random batches in turn, and on one repeated batch) in Fluxion and in
# PyTorch (Debian's python3-torch, 2 threads) in one run on this machine, and prints the ratio
# Fluxion / PyTorch (below 1.0: Fluxion is faster), of the best medians and of the best minima
# (the fairer figure when other jobs share the cores).
# Usage: benchmarks/nn/run.sh [rounds] [--phases]   (each round runs both; the best median is kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
phases="${2:-}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/fluxion.jar"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch" >&2; exit 1; }
out="$(mktemp -d)"
for r in $(seq "$rounds"); do
  java --add-modules jdk.incubator.vector -Xmx4g -cp "$jar" "$here/NnBenchmark.java" $phases >> "$out/fluxion.tsv" 2>"$out/fluxion.err"
  $py "$here/nn_torch.py" $phases >> "$out/torch.tsv"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "torch $($py -c 'import torch; print(torch.__version__)') with 2 threads; $(grep -m1 "fluxion cpu" "$out/fluxion.err")"
$py - "$out/fluxion.tsv" "$out/torch.tsv" <<'PY'
import sys
def best(path):
    med, mn = {}, {}
    for line in open(path):
        name, m, lo = line.rstrip("\n").split("\t")
        med[name] = min(med.get(name, float("inf")), float(m))
        mn[name] = min(mn.get(name, float("inf")), float(lo))
    return med, mn
(fm, fl), (tm, tl) = best(sys.argv[1]), best(sys.argv[2])
print("best median and best minimum over the rounds; on a busy machine the minima are the fairer ratio")
print(f"{'workload':30} {'fluxion med':>11} {'torch med':>10} {'ratio':>6} {'fluxion min':>12} {'torch min':>10} {'ratio':>6}")
for name in fm:
    print(f"{name:30} {fm[name]:11.3f} {tm[name]:10.3f} {fm[name] / tm[name]:6.2f} {fl[name]:12.3f} {tl[name]:10.3f} {fl[name] / tl[name]:6.2f}")
PY
