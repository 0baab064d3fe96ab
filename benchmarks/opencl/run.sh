#!/usr/bin/env bash
# Measures the OpenCL backend on this machine's first OpenCL device (PoCL here): elementwise
# bandwidth against the copy bandwidth, matmul GFLOP/s at 1024, per-op host overhead.
# Usage: benchmarks/opencl/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
export POCL_CACHE_DIR="${POCL_CACHE_DIR:-$root/backend-opencl/target/pocl-cache}"
# Signal chaining: PoCL's LLVM replaces the JVM's SIGSEGV handler (README, Benchmarks).
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
if [ -f "$jsig" ]; then
  export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
fi
java -Xmx8g -cp "$root/cli/target/fluxion.jar" "$here/OpenClMeasurements.java"
