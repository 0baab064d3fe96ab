package dev.fluxion.cli;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.cli.selftest.Check;
import dev.fluxion.cli.selftest.ReportTable;
import dev.fluxion.cli.selftest.SelfTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fluxion selftest --device D}: every primitive's forward value, VJP and JVP on the device
 * against the CPU backend, a backward pass that must move no bytes, and a small training run, in
 * FLOAT32 and FLOAT64; prints the device (for CUDA: driver, GPU, compute capability, kernel and
 * GEMM paths) and a pass/fail table, and exits 1 if any check failed.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, description = "Checks every primitive (forward, VJP, JVP), a zero-transfer backward pass and a "
    + "training run on a device against the CPU, and prints a pass/fail table. Exits 1 on any failure.")
final class SelftestCommand implements Callable<Integer> {
  @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl[:N] or cuda[:N] (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--dtype", defaultValue = "both", description = "float32, float64 or both (default: ${DEFAULT-VALUE})")
  String dtype;

  @Override
  public Integer call() {
    Device d = Device.of(device);
    List<DType> dtypes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (DType t : switch (dtype.toLowerCase(java.util.Locale.ROOT)) {
      case "float32" -> List.of(DType.FLOAT32);
      case "float64" -> List.of(DType.FLOAT64);
      case "both" -> List.of(DType.FLOAT32, DType.FLOAT64);
      default -> throw new IllegalArgumentException("--dtype must be float32, float64 or both, got '" + dtype + "'");
    }) {
      String refusal = refusal(d, t);
      if (refusal == null) {
        dtypes.add(t);
      } else {
        skipped.add(t.numpyName() + " (" + refusal + ")");
      }
    }
    System.out.println("Fluxion self-test of " + d.name() + " against the CPU backend");
    System.out.println("device: " + d.description());
    if (!skipped.isEmpty()) {
      System.out.println("not run: " + String.join(", ", skipped));
    }
    System.out.println();
    List<Check> checks = new SelfTest(d).run(dtypes);
    ReportTable.print(System.out, checks, dtypes);
    long failed = checks.stream().filter(c -> !c.passed()).count();
    System.out.println();
    String after = d.description();
    int gemm = after.lastIndexOf("GEMM: ");
    int fused = after.indexOf("; fused programs: ");
    System.out.println("gemm: " + (gemm < 0 ? "(the device does not say)"
        : after.substring(gemm + "GEMM: ".length(), fused > gemm ? fused : after.length())));
    if (fused >= 0) {
      System.out.println("fused: " + after.substring(fused + "; fused programs: ".length()));
    }
    System.out.println("result: " + (failed == 0 ? "PASS" : "FAIL") + " (" + checks.size() + " checks, " + failed
        + " failed)");
    return failed == 0 ? 0 : 1;
  }

  /** Why the device cannot hold tensors of {@code t} (no FP64), or null. */
  private static String refusal(Device d, DType t) {
    try {
      Tensor.zeros(t, d, 1).close();
      return null;
    } catch (UnsupportedOperationException e) {
      return e.getMessage();
    }
  }
}
