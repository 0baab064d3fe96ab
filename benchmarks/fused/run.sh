#!/usr/bin/env bash
# Measures fused programs on a device (the first OpenCL device by default; PoCL here): the derivative
# sweep fused against op by op (launches, N-element buffers, time), a fused a*b+c against the device's
# copy bandwidth, launches of an Adam step and of an MLP training step, and the compile time of a
# program. Runs twice: with the device's default path (generated kernels) and with the interpreter.
# Usage: benchmarks/fused/run.sh [device] [points]     e.g. benchmarks/fused/run.sh opencl 10000000
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
device="${1:-opencl}"
points="${2:-10000000}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
# A fresh PoCL cache, so that the first run of a program pays (and reports) its whole compile.
export POCL_CACHE_DIR="$(mktemp -d)"
trap 'rm -rf "$POCL_CACHE_DIR"' EXIT
# Signal chaining: PoCL's LLVM replaces the JVM's SIGSEGV handler (README, Benchmarks).
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
if [ -f "$jsig" ]; then
  export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
fi
for path in auto interpreter; do
  echo "== -Dfluxion.fused=$path"
  java -Xmx4g -Dfluxion.fused="$path" --add-modules jdk.incubator.vector -cp "$root/cli/target/fluxion.jar" \
    "$here/FusedBenchmark.java" "$device" "$points" 2>&1 | grep -v -i "warning"
done
