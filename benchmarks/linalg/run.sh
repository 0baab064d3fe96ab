#!/usr/bin/env bash
# Times Fluxion's Linalg ops on the CPU against PyTorch's torch.linalg (Debian's python3-torch, float64, all
# cores) in one run, and Fluxion's two CPU paths against each other: native LAPACK (netlib JNI over
# OpenBLAS's liblapack.so.3) and the pure-Java fallback. Prints one line per workload:
#   fluxion ms (default path) | torch ms | ratio | torch ms with GLIBC_TUNABLES | ratio | java ms | native ms | java/native
# Ratios below 1.0: Fluxion (or the Java path) is faster.
# Usage: benchmarks/linalg/run.sh [rounds]   (each round runs every side; the best median per side is kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-1}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/fluxion.jar"
py=/usr/bin/python3
$py -c 'import torch' 2>/dev/null || { echo "needs Debian's python3-torch: apt-get install python3-torch" >&2; exit 1; }
tunables='glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184'
out="$(mktemp -d)"
run_java() { java --add-modules jdk.incubator.vector -Xmx4g "$@" -cp "$jar" "$here/LinalgBenchmark.java"; }
for r in $(seq "$rounds"); do
  run_java >> "$out/fluxion.tsv" 2>"$out/fluxion.err"
  run_java -Dfluxion.cpu.lapack=java >> "$out/java.tsv" 2>/dev/null
  run_java -Dfluxion.cpu.lapack=native >> "$out/native.tsv" 2>/dev/null
  $py "$here/linalg_torch.py" >> "$out/torch.tsv"
  GLIBC_TUNABLES="$tunables" $py "$here/linalg_torch.py" >> "$out/torch-tuned.tsv"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "torch $($py -c 'import torch; print(torch.__version__)') with $(nproc) threads; $(head -1 "$out/fluxion.err")"
$py - "$out" <<'PY'
import sys
def best(path):
    d = {}
    for line in open(path):
        name, med, mn = line.rstrip("\n").split("\t")
        d[name] = min(d.get(name, float("inf")), float(med))
    return d
o = sys.argv[1]
f, t, tt, j, n = (best(f"{o}/{s}.tsv") for s in ("fluxion", "torch", "torch-tuned", "java", "native"))
print(f"{'workload (float64)':30} {'fluxion ms':>10} {'torch ms':>9} {'ratio':>6} {'tuned ms':>9} {'ratio':>6}"
      f" {'java ms':>9} {'native ms':>9} {'java/nat':>8}")
for name in f:
    print(f"{name:30} {f[name]:10.3f} {t[name]:9.3f} {f[name] / t[name]:6.2f} {tt[name]:9.3f} {f[name] / tt[name]:6.2f}"
          f" {j[name]:9.3f} {n[name]:9.3f} {j[name] / n[name]:8.2f}")
PY
