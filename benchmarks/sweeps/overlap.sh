#!/usr/bin/env bash
# The sweep's device pipeline (HostTransfer.readLater: block k+1 queued before block k's results are
# awaited) against a baseline commit whose sweep read each block synchronously, in one run: the
# README formula at N points, --quiet --summary, on the CPU and on the first OpenCL device, the two
# jars alternating (order swapped every other round). Prints the median wall time of each and the
# ratio tree/baseline. On PoCL the OpenCL "device" is this machine's own cores, so the overlap has
# no idle device time to fill here: the ratio shows the pipeline's cost, not a GPU's gain.
# Usage: benchmarks/sweeps/overlap.sh BASELINE_COMMIT [ROUNDS=5] [POINTS=10000000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base="${1:?usage: overlap.sh BASELINE_COMMIT [ROUNDS] [POINTS]}"
rounds="${2:-5}"
points="${3:-10000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
formula="exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)"
jvm=(-XX:MaxRAMPercentage=70 -Xss8m --add-modules jdk.incubator.vector)
(cd "$root" && mvn -q -B -DskipTests -pl cli -am package) >/dev/null
git clone -q "$root" "$work/base" && git -C "$work/base" checkout -q "$base"
(cd "$work/base" && mvn -q -B -DskipTests -pl cli -am package) >/dev/null
cp "$root/cli/target/fluxion.jar" "$work/tree.jar"
cp "$work/base/cli/target/fluxion.jar" "$work/base.jar"
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
[ -f "$jsig" ] && export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
echo "tree: $(git -C "$root" rev-parse --short HEAD), baseline: $(git -C "$work/base" rev-parse --short HEAD), $points points, $rounds rounds"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # JAR DEVICE -> wall seconds; the summary goes to $work/JAR-DEVICE.out
  local start end
  start=$(date +%s.%N)
  java "${jvm[@]}" -jar "$work/$1.jar" sweep "$formula" --from 1 --to 10 --points "$points" --quiet --summary \
    --device "$2" >"$work/$1-$2.out" 2>"$work/$1-$2.err" || { tail -5 "$work/$1-$2.err" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
for device in cpu opencl; do
  : >"$work/tree-$device.times"; : >"$work/base-$device.times"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order="tree base"; else order="base tree"; fi
    for jar in $order; do run "$jar" "$device" >>"$work/$jar-$device.times"; done
  done
  cmp -s "$work/tree-$device.out" "$work/base-$device.out" && same="identical" || same="DIFFERENT"
  t=$(sort -g "$work/tree-$device.times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  b=$(sort -g "$work/base-$device.times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-7s tree %6.2f s  baseline %6.2f s  (medians of %d)  tree/baseline %.3f  summaries %s\n' \
    "$device" "$t" "$b" "$rounds" "$(echo "scale=4; $t / $b" | bc)" "$same"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
