#!/usr/bin/env bash
# The sweep targets of issue 13, measured in one run on this machine:
#   1. 10^9-point FLOAT64 --summary sweep under -Xmx512m: time and peak RSS
#   2. 10^8 points --out FILE.npy under -Xmx512m: time and peak RSS
#   3. one-shot wall time at 10^7 points (README formula, --quiet --summary) against the baseline
#      commit's --fused one-shot (built in a scratch clone; default: the main branch's commit)
#   4. Spark local[2] against the local streaming sweep, 10^8 points --summary: time, identical summary
#   5. a 2000x2000 grid with gradient against PyTorch (autograd, functorch vmap(grad)), also with
#      glibc's malloc tunables that keep PyTorch's buffers mapped
# Usage: benchmarks/sweeps/run.sh [BASELINE_COMMIT]     (BASELINE_COMMIT defaults to `main`)
# Needs /usr/bin/time (Debian package `time`), /usr/bin/python3 with torch, ~3 GB of free disk.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${1:-main}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
formula="exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)"
jvm=(-XX:MaxRAMPercentage=70 -Xss8m --add-modules jdk.incubator.vector)
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "== building this tree (cli and spark) and the baseline $base in $work/base"
(cd "$root" && mvn -q -B -DskipTests -pl spark -am package) >/dev/null
git clone -q "$root" "$work/base" && git -C "$work/base" checkout -q "$base"
(cd "$work/base" && mvn -q -B -DskipTests -pl cli -am package) >/dev/null
jar="$root/cli/target/fluxion.jar"
basejar="$work/base/cli/target/fluxion.jar"
# PoCL and the JVM's signal handlers (README, Devices): chain them, as ./fluxion does
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
[ -f "$jsig" ] && export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
echo "tree: $(git -C "$root" rev-parse --short HEAD), baseline: $(git -C "$work/base" rev-parse --short HEAD)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME CMD...: wall seconds and peak RSS of CMD (stdout to $work/NAME.out, stderr to $work/NAME.err)
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    echo "$name failed:"; tail -5 "$work/$name.err"; return 1; }
  read -r secs kb <"$work/$name.time"
  printf '%-44s %8.2f s wall, peak RSS %6d MiB  %s\n' "$name" "$secs" $((kb / 1024)) \
    "$(grep -h 'swept\|wrote' "$work/$name.err" | head -1)"
}

echo; echo "== 1, 2: memory (FLOAT64, -Xmx512m)"
timed "1e9 points --summary" java -Xmx512m -Xss8m --add-modules jdk.incubator.vector -jar "$jar" \
  sweep "$formula" --from 1 --to 10 --points 1000000000 --summary --quiet
timed "1e8 points --out .npy" java -Xmx512m -Xss8m --add-modules jdk.incubator.vector -jar "$jar" \
  sweep "$formula" --from 1 --to 10 --points 100000000 --out "$work/sweep.npy"
echo "   .npy file: $(stat -c %s "$work/sweep.npy") bytes (expected $((100000000 * 24 + 128)))"
rm -f "$work/sweep.npy"

echo; echo "== 3: one-shot at 10^7 points (3 runs each, alternating; the median counts)"
for i in 1 2 3; do
  timed "new: --quiet --summary (run $i)" java "${jvm[@]}" -jar "$jar" \
    sweep "$formula" --from 1 --to 10 --points 10000000 --quiet --summary
  timed "baseline: --fused --quiet (run $i)" java "${jvm[@]}" -jar "$basejar" \
    sweep "$formula" --from 1 --to 10 --points 10000000 --quiet --fused
done
median() { sort -n | sed -n 2p; }
new=$(cat "$work"/new*.time | cut -d' ' -f1 | median)
old=$(cat "$work"/baseline*.time | cut -d' ' -f1 | median)
echo "   median one-shot: new $new s, baseline --fused $old s, ratio $(echo "scale=3; $new / $old" | bc) (target <= 0.5)"

echo; echo "== 4: Spark local[2] against the local streaming sweep, 10^8 points --summary"
timed "local streaming" java "${jvm[@]}" -jar "$jar" sweep "x^3-3x" --from -2 --to 2 --points 100000000 --summary
timed "spark local[2]" java "${jvm[@]}" -jar "$jar" sweep "x^3-3x" --from -2 --to 2 --points 100000000 --summary \
  --spark "local[2]"
l=$(cut -d' ' -f1 "$work/local streaming.time"); s=$(cut -d' ' -f1 "$work/spark local[2].time")
lj=$(grep -o 'in [0-9.]* ms' "$work/local streaming.err" | grep -o '[0-9.]*')
sj=$(grep -o 'in [0-9.]* ms' "$work/spark local[2].err" | grep -o '[0-9.]*')
echo "   whole command: spark/local $(echo "scale=3; $s / $l" | bc); the sweep itself (job vs loop): $sj ms / $lj ms = $(echo "scale=3; $sj / $lj" | bc) (target <= 1.5)"
sed 1d "$work/local streaming.out" >"$work/a"; sed 1d "$work/spark local[2].out" >"$work/b"
if cmp -s "$work/a" "$work/b"; then echo "   summaries identical"; else echo "   SUMMARIES DIFFER:"; diff "$work/a" "$work/b" || true; fi

echo; echo "== 5: 2000x2000 grid, f and gradient"
java "${jvm[@]}" -cp "$jar" "$here/GridSweepBench.java" 2000 2>/dev/null
/usr/bin/python3 "$here/torch_grid.py" 2000
echo "   with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184:"
GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184 \
  /usr/bin/python3 "$here/torch_grid.py" 2000

echo; echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
