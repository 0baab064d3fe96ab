#!/usr/bin/env bash
# Autodiff.jit against its peers, ratios measured in one run, with the load average:
#  (a) the README's sweep written as plain eager code (x -> f(x) and its vjp) under jit, against the
#      hand-written Fused sweep and eager, on the CPU (time) and on OpenCL (time and launches per call);
#  (b) the MLP training step (784-256-128-10, batch 128, FLOAT32, Adam) compiled (Trainer.compile)
#      against eager and against PyTorch (default allocator and GLIBC_TUNABLES-tuned), on the CPU;
#  (c) the same step on OpenCL: launches per step and time, compiled against eager; and
#      `fluxion train --device opencl` compiled against --eager (seconds for --limit images, 1 epoch);
#  (d) per-call host overhead of a replayed 100-op elementwise-and-matmul function on 16x16 tensors.
# Usage: benchmarks/jit/run.sh [sections] [points] [train-limit]
#   sections: any of a,b,c,d separated by commas (default a,b,c,d); points of the sweep (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sections="${1:-a,b,c,d}"
points="${2:-1000000}"
limit="${3:-10000}"
"$root/fluxion" --version >/dev/null   # builds the jar if needed
jar="$root/cli/target/fluxion.jar"
py=/usr/bin/python3
# Signal chaining: PoCL's LLVM replaces the JVM's SIGSEGV handler (README, Benchmarks).
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so"
preload="${LD_PRELOAD:-}"
if [ -f "$jsig" ]; then preload="$jsig${preload:+:$preload}"; fi
bench() { LD_PRELOAD="$preload" java --add-modules jdk.incubator.vector -Xmx4g -cp "$jar" "$here/JitBenchmark.java" "$@" 2>/tmp/jit-bench.err | grep -v -i warning; }
ratio() { # ratio NAME_A NAME_B FILE: median and minimum of A over B
  awk -F'\t' -v a="$1" -v b="$2" '$1==a{am=$2;al=$3} $1==b{bm=$2;bl=$3} END{printf "  %s / %s: %.2f (medians), %.2f (minima)\n", a, b, am/bm, al/bl}' "$3"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [[ ",$sections," == *",a,"* ]]; then
  echo "== (a) the sweep at $points points (name, median, min, unit, launches per call)"
  for dev in cpu opencl; do
    bench sweep "$dev" "$points" | tee "$out/a-$dev.tsv"
    ratio "sweep $points eager code under jit" "sweep $points hand-written Fused" "$out/a-$dev.tsv"
    ratio "sweep $points eager code under jit" "sweep $points eager" "$out/a-$dev.tsv"
  done
  echo "== the README's jit example (the gradient of sum(sin(x)*exp(x)) at 10^6 points, CPU)"
  bench readme cpu 1000000 | tee "$out/readme.tsv"
  ratio "readme grad compiled 1000000" "readme grad eager 1000000" "$out/readme.tsv"
fi
if [[ ",$sections," == *",b,"* ]]; then
  echo "== (b) MLP step on the CPU (ms)"
  bench mlp cpu | tee "$out/b.tsv"
  torch_default="$($py "$here/../nn/nn_torch.py")"
  torch_default="${torch_default%%$'\n'*}"
  torch_tuned="$(GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=17179869184 $py "$here/../nn/nn_torch.py")"
  torch_tuned="${torch_tuned%%$'\n'*}"
  printf "torch default\t%s\n" "$(cut -f2,3 <<<"$torch_default")" | tee -a "$out/b.tsv"
  printf "torch tuned\t%s\n" "$(cut -f2,3 <<<"$torch_tuned")" | tee -a "$out/b.tsv"
  ratio "mlp step compiled" "torch tuned" "$out/b.tsv"
  ratio "mlp step compiled" "torch default" "$out/b.tsv"
  ratio "mlp step compiled" "mlp step eager" "$out/b.tsv"
  ratio "mlp step eager" "torch tuned" "$out/b.tsv"
fi
if [[ ",$sections," == *",c,"* ]]; then
  echo "== (c) MLP step on OpenCL (ms, launches per step)"
  bench mlp opencl | tee "$out/c.tsv"
  ratio "mlp step eager" "mlp step compiled" "$out/c.tsv"
  for mode in "" --eager; do
    t="$(LD_PRELOAD="$preload" "$root/fluxion" train --device opencl --limit "$limit" --test-limit 1000 --epochs 1 $mode 2>&1 >/dev/null | grep -o 'trained in [0-9.]* s')"
    echo "fluxion train --device opencl --limit $limit --epochs 1 ${mode:-(compiled)}: $t"
  done
fi
if [[ ",$sections," == *",d,"* ]]; then
  echo "== (d) per-call host overhead of a 100-op function (16x16 FLOAT32; us per call)"
  bench overhead cpu | tee "$out/d.tsv"
  ratio "100-op function compiled" "100-op function eager" "$out/d.tsv"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
