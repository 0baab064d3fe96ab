#!/usr/bin/env bash
# Times the core workloads in Fluxion and in PyTorch (Debian's python3-torch) in one run on this
# machine and prints the ratio Fluxion / PyTorch per workload (below 1.0: Fluxion is faster).
# "fused" rows are Fluxion's one-pass sweep (fluxion sweep --fused), compared with PyTorch's eager sweep.
# Usage: benchmarks/core/run.sh [rounds]   (each round runs both; the best median per side is kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-2}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/fluxion.jar"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch" >&2; exit 1; }
out="$(mktemp -d)"
for r in $(seq "$rounds"); do
  java --add-modules jdk.incubator.vector -Dfluxion.cpu.simd.warmup=eager -Xms4g -Xmx12g -cp "$jar" "$here/CoreBenchmark.java" >> "$out/fluxion.tsv" 2>"$out/fluxion.err"
  $py "$here/core_torch.py" >> "$out/torch.tsv"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "torch $($py -c 'import torch; print(torch.__version__)') with $(nproc) threads; $(head -1 "$out/fluxion.err")"
$py - "$out/fluxion.tsv" "$out/torch.tsv" <<'PY'
import sys
def best(path):
    d = {}
    for line in open(path):
        name, med, mn = line.rstrip("\n").split("\t")
        d[name] = min(d.get(name, float("inf")), float(med))
    return d
f, t = best(sys.argv[1]), best(sys.argv[2])
print(f"{'workload':34} {'fluxion ms':>11} {'torch ms':>10} {'ratio':>7}")
for name in f:
    peer = t[name.removesuffix(" fused")]
    print(f"{name:34} {f[name]:11.1f} {peer:10.1f} {f[name] / peer:7.2f}")
PY
