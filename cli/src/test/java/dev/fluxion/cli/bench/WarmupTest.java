package dev.fluxion.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import org.junit.jupiter.api.Test;

class WarmupTest {
  @Test
  void readsHowManyKernelsAreCompiling() {
    assertTrue(Warmup.compiling("GEMM: native BLAS, math: SIMD (Vector API, 512-bit) (kernels: 2 compiled, 5 compiling)"));
    assertFalse(Warmup.compiling("GEMM: native BLAS, math: SIMD (Vector API, 512-bit) (kernels: 7 compiled, 0 compiling)"));
    assertFalse(Warmup.compiling("pthread-skylake (Portable Computing Language; 2 compute units, FP64)"));
  }

  @Test
  void theCpuDescriptionCountsItsCompilingKernels() {
    String cpu = Device.cpu().description();
    assumeTrue(cpu.contains("math: SIMD"), "no SIMD kernels on this JVM: " + cpu);
    assertTrue(cpu.matches(".*\\(kernels: \\d+ compiled, \\d+ compiling\\)$"), cpu);
  }

  @Test
  void goesOnUntilTheCpuHasCompiledTheKernelsItUses() {
    Device cpu = Device.cpu();
    assumeTrue(cpu.description().contains("math: SIMD"), "no SIMD kernels on this JVM: " + cpu.description());
    try (Workload.Body body = Workloads.elementwise(4096).prepare(cpu, DType.FLOAT32)) {
      assertTrue(Warmup.run(body, cpu, 20, 0), cpu.description());
    }
    assertFalse(Warmup.compiling(cpu.description()), cpu.description());
    assertFalse(cpu.description().contains("(kernels: 0 compiled"), "tanh and log were asked for: " + cpu.description());
  }
}
