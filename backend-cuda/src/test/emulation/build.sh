#!/usr/bin/env bash
# Builds Fluxion's host emulation of the CUDA driver and NVRTC (see docs/cuda-backend.md) into
# OUT (default: backend-cuda/target/cuda-emulation):
#   OUT/libcuda.so.1, OUT/libnvrtc.so.12   put OUT first on LD_LIBRARY_PATH to run CUDA through them
#   OUT/kernel/                           the headers kernel sources are compiled with (at run time)
#   OUT/fatbins/                          the build's fatbins and their CUDA sources, when it has any
#   OUT/cublas-failing/libcublas.so.12    a cuBLAS whose handle creation fails (a test of the fallback)
# Needs gcc and g++ (g++ also at run time: kernels are compiled when they are loaded).
# Usage: build.sh [OUT [FATBIN_DIR]]
set -euo pipefail
if ! command -v gcc >/dev/null || ! command -v g++ >/dev/null; then
  echo "[cuda-emulation] gcc and g++ are not on the PATH: the CUDA emulation is not built (its tests skip, saying so; under CI=true they fail)"
  exit 0
fi
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../../target/cuda-emulation}"
fatbins="${2:-$here/../../../../kernels/target/cuda}"
mkdir -p "$out/kernel" "$out/cublas-failing"
out="$(cd "$out" && pwd)"
cflags=(-std=gnu11 -O2 -fPIC -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation -fvisibility=hidden -pthread)
gcc "${cflags[@]}" -shared -Wl,-soname,libcuda.so.1 -o "$out/libcuda.so.1.tmp" \
  "$here/context.c" "$here/memory.c" "$here/streams.c" "$here/modules.c" "$here/blocks.c" "$here/compiler.c" \
  "$here/util.c" "$here/stubs.c" -ldl
gcc "${cflags[@]}" -shared -Wl,-soname,libnvrtc.so.12 -Wl,--version-script="$here/libnvrtc.map" \
  -o "$out/libnvrtc.so.12.tmp" "$here/nvrtc.c" "$here/compiler.c" "$here/util.c" -ldl
gcc "${cflags[@]}" -shared -Wl,-soname,libcublas.so.12 -Wl,--version-script="$here/libcublas.map" \
  -o "$out/cublas-failing/libcublas.so.12" "$here/cublas_failing.c"
mv "$out/libcuda.so.1.tmp" "$out/libcuda.so.1"
mv "$out/libnvrtc.so.12.tmp" "$out/libnvrtc.so.12"
cp "$here/kernel/"*.h "$out/kernel/"
rm -rf "$out/fatbins"
if compgen -G "$fatbins/*.fatbin" >/dev/null; then
  mkdir -p "$out/fatbins"
  for f in "$fatbins"/*.fatbin; do
    cp "$f" "${f%.fatbin}.cu" "$out/fatbins/"
  done
fi
echo "CUDA emulation built in $out ($(ls "$out/fatbins" 2>/dev/null | grep -c '\.fatbin$' || true) prebuilt fatbins with their sources)"
