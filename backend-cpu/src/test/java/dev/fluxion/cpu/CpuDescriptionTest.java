package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.spi.UnaryOp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CPU device's description names the GEMM path and the math path with its warm-up state. */
class CpuDescriptionTest {
  private static final Pattern KERNELS = Pattern.compile("\\(kernels: (\\d+) compiled, (\\d+) compiling\\)");

  @Test
  void namesTheGemmAndTheMathPath() {
    String d = CpuDevice.describe();
    assertTrue(d.contains("GEMM: " + Gemm.implementation()), d);
    assertTrue(d.contains("math: " + Simd.describe()), d);
  }

  @Test
  void countsTheCompiledSimdKernels() throws InterruptedException {
    assumeTrue(Simd.ENABLED && VecMath.ACCELERATED, "no SIMD kernels here: " + Simd.describe());
    int kernel = SimdWarmup.unary(UnaryOp.EXP, false);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!SimdWarmup.ready(kernel)) {
      assertTrue(System.nanoTime() < deadline, "exp kernel not compiled within 120 s");
      Thread.sleep(50);
    }
    Matcher m = KERNELS.matcher(CpuDevice.describe());
    assertTrue(m.find(), CpuDevice.describe());
    assertTrue(Integer.parseInt(m.group(1)) >= 1, CpuDevice.describe());
  }
}
