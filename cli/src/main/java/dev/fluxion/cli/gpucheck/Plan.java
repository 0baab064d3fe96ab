package dev.fluxion.cli.gpucheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of {@code fluxion gpucheck}, in order: what the device is, the self-test in FLOAT32
 * and FLOAT64, the benchmarks against the CPU, then the CUDA conformance suite with the time that
 * is left. On a GPU the workloads are GPU-sized (the sweep at 10⁸ points eager and fused, the
 * 4096² product, the MLP step at batches 128 and 4096) and the whole conformance suite runs; on
 * the emulation (which is not a GPU and runs kernels on host threads) the sizes are small and a
 * subset of the suite runs, so that CI executes every step's code path in minutes.
 */
final class Plan {
  /** The check's time budget by default: the whole run stays under 8 minutes. */
  static final double GPU_BUDGET_SECONDS = 450;
  static final double EMULATION_BUDGET_SECONDS = 600;

  private Plan() {}

  static List<Step> forGpu(String device, Path out) {
    List<Step> steps = common(device, 60);
    steps.add(bench(out, "bench-sweep", "the derivative sweep at 10^8 points: eager, fused, compiled by jit", 100, device,
        "sweep,fused-sweep,compiled-sweep", "--sweep", "100000000", "--fused-sweep", "100000000", "--compiled-sweep", "100000000",
        "--runs", "3"));
    steps.add(bench(out, "bench-matmul", "a 4096x4096 FLOAT32 matmul", 40, device, "matmul", "--matmul", "4096", "--runs", "5"));
    steps.add(bench(out, "bench-mlp", "an MLP training step (784-256-128-10, Adam) at batches 128 and 4096", 40, device, "mlp-step",
        "--mlp", "128,4096", "--runs", "5"));
    steps.add(conformance(List.of("--select-package", "dev.fluxion.conformance", "--include-classname",
        "^dev\\.fluxion\\.conformance\\.Cuda.*Test$")));
    return steps;
  }

  static List<Step> forEmulation(String device, Path out) {
    List<Step> steps = common(device, 150);
    steps.add(bench(out, "bench-sweep", "the derivative sweep at 10^4 points: eager, fused, compiled by jit", 60, device,
        "sweep,fused-sweep,compiled-sweep", "--sweep", "10000", "--fused-sweep", "10000", "--compiled-sweep", "10000", "--runs", "3"));
    steps.add(bench(out, "bench-matmul", "a 128x128 FLOAT32 matmul", 60, device, "matmul", "--matmul", "128", "--runs", "3"));
    steps.add(bench(out, "bench-mlp", "an MLP training step (784-256-128-10, Adam) at batch 16", 60, device, "mlp-step", "--mlp",
        "16", "--runs", "3"));
    steps.add(conformance(List.of("--select-class", "dev.fluxion.conformance.CudaMatmulTest", "--select-class",
        "dev.fluxion.conformance.CudaViewTest", "--select-class", "dev.fluxion.conformance.CudaDeviceCountersTest")));
    return steps;
  }

  private static List<Step> common(String device, double selftestSeconds) {
    List<Step> steps = new ArrayList<>();
    steps.add(Step.fluxion("devices", "the devices and why any is unavailable", 30, "devices"));
    for (String dtype : List.of("float32", "float64")) {
      steps.add(Step.fluxion("selftest-" + dtype, "every primitive in " + dtype + " against the CPU, a zero-transfer backward, "
          + "a training run", selftestSeconds, "selftest", "--device", device, "--dtype", dtype));
    }
    return steps;
  }

  private static Step bench(Path out, String name, String title, double seconds, String device, String workloads,
      String... sizes) {
    List<String> args = new ArrayList<>(List.of("bench", "--device", "cpu," + device, "--workloads", workloads, "--warmup", "2",
        "--warmup-seconds", "0"));
    args.addAll(List.of(sizes));
    args.addAll(List.of("--csv", out.resolve(name + ".csv").toString(), "--plot", out.resolve(name + ".png").toString()));
    return new Step(name, title, seconds, false, args);
  }

  /** The suite on cuda:0, with all the time the steps before it left. */
  private static Step conformance(List<String> selection) {
    return new Step("conformance", "the CUDA conformance suite (cuda:0), JUnit console launcher", Double.MAX_VALUE, true,
        selection);
  }
}
