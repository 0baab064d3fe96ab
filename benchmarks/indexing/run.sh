#!/usr/bin/env bash
# What each indexing op (and a custom VJP rule) costs on the CPU against PyTorch (Debian's
# python3-torch), measured in one run on this machine: prints Fluxion's and PyTorch's median times
# and the ratio Fluxion / PyTorch per workload (below 1.0: Fluxion is faster). PyTorch runs twice:
# as installed, and with glibc's malloc tuned so that it keeps freed memory instead of returning
# it to the kernel (GLIBC_TUNABLES below), which removes page-fault costs from its big allocations.
# Usage: benchmarks/indexing/run.sh [rounds]   (each round runs all three; the best median per side is kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-1}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/fluxion.jar"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch" >&2; exit 1; }
tuned="glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184"
out="$(mktemp -d)"
start_load="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  java --add-modules jdk.incubator.vector -Xms2g -Xmx6g -cp "$jar" "$here/IndexingBenchmark.java" >> "$out/fluxion.tsv" 2>"$out/fluxion.err"
  $py "$here/indexing_torch.py" >> "$out/torch.tsv"
  GLIBC_TUNABLES="$tuned" $py "$here/indexing_torch.py" >> "$out/tuned.tsv"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $start_load at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "torch $($py -c 'import torch; print(torch.__version__)') with $(nproc) threads; $(grep -m1 '^fluxion cpu' "$out/fluxion.err")"
$py - "$out/fluxion.tsv" "$out/torch.tsv" "$out/tuned.tsv" <<'PY'
import sys
def best(path, col):
    d = {}
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        d[fields[0]] = min(d.get(fields[0], float("inf")), float(fields[col]))
    return d
(f, t, g), (fm, tm, gm) = ([best(p, c) for p in sys.argv[1:4]] for c in (1, 2))
print("ratio = Fluxion / PyTorch of the median times (and of the fastest runs, which a loaded machine disturbs less)")
print(f"{'workload':46} {'fluxion ms':>10} {'torch ms':>9} {'ratio':>6} {'tuned ms':>9} {'ratio':>6} {'min ratios':>12}")
for name in f:
    print(f"{name:46} {f[name]:10.2f} {t[name]:9.2f} {f[name] / t[name]:6.2f} {g[name]:9.2f} {f[name] / g[name]:6.2f}"
          f" {fm[name] / tm[name]:6.2f} {fm[name] / gm[name]:5.2f}")
PY
