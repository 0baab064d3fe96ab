#!/usr/bin/env bash
# Peak memory and time of the bulk CPU workloads, each in a fresh JVM: the eager derivative sweep
# at 10^7 points (FLOAT64 and FLOAT32: forward + backward() in a scope) and one MLP training step
# (784-256-128-10, batch 128, FLOAT32, forward + backward + Adam). Prints, per workload, the best
# median and minimum time over the rounds and the largest peaks: device memory in use and allocated
# (Device.stats(), sampled every millisecond) and the process's resident-set high-water mark.
# Used to check that a change to the tape costs these workloads no memory or time: give the jar of
# the other version (e.g. cli/target/fluxion.jar of a worktree at the commit before the change) and
# the two jars alternate in every round (their order swapped every other round), so both see the
# same load, and a column gives this checkout's time over the other's.
# Usage: benchmarks/memory/run.sh [rounds] [other-fluxion.jar]   (default 3 rounds, no comparison)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
other="${2:-}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jars=("this=$root/cli/target/fluxion.jar")
if [ -n "$other" ]; then
  [ -f "$other" ] || { echo "benchmarks/memory: no jar at $other" >&2; exit 2; }
  jars+=("other=$other")
fi
out="$(mktemp -d)"
start_load="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for w in sweep64 sweep32 mlp; do
    order=("${jars[@]}")
    if [ $((r % 2)) -eq 0 ] && [ "${#jars[@]}" -eq 2 ]; then order=("${jars[1]}" "${jars[0]}"); fi
    for entry in "${order[@]}"; do
      printf '%s\t' "${entry%%=*}" >> "$out/rows.tsv"
      java --add-modules jdk.incubator.vector -Dfluxion.cpu.simd.warmup=eager -Xms4g -Xmx12g -cp "${entry#*=}" \
        "$here/PeakMemory.java" "$w" >> "$out/rows.tsv" 2>>"$out/err.txt"
    done
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $start_load at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
python3 - "$out/rows.tsv" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, w, med, mn, use, alloc, rss = line.rstrip("\n").split("\t")
    r = rows.setdefault((w, who), [float("inf"), float("inf"), 0, 0, 0])
    r[0], r[1] = min(r[0], float(med)), min(r[1], float(mn))
    r[2], r[3], r[4] = max(r[2], float(use)), max(r[3], float(alloc)), max(r[4], float(rss))
print(f"{'workload':10} {'jar':6} {'median ms':>10} {'min ms':>9} {'in use MiB':>11} {'allocated MiB':>14} {'RSS MiB':>9} {'this/other':>11}")
for (w, who), (med, mn, use, alloc, rss) in rows.items():
    other = rows.get((w, "other"))
    ratio = f"{med / other[0]:11.3f}" if who == "this" and other else ""
    print(f"{w:10} {who:6} {med:10.2f} {mn:9.2f} {use:11.1f} {alloc:14.1f} {rss:9.1f} {ratio}")
PY
