package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import org.junit.jupiter.api.Test;

/** The index of prebuilt CUDA programs: written and read back, the driver it needs, stale sources refused. */
class CudaKernelIndexTest {
  @Test
  void whatTheBuildWritesReadsBackAndMatchesOnlyItsOwnSource() {
    String source = Kernels.program(new ProgramKey(Family.UNARY, DType.FLOAT32), CudaCompileCheck.CUDA_DEVICE).render(Dialect.CUDA);
    CudaKernelIndex index = CudaKernelIndex.parse(CudaKernelIndex.header("13.0")
        + CudaKernelIndex.line("unary_f32", ProgramSource.sha256(source)));
    assertEquals("13.0", index.toolkit());
    assertEquals(13000, index.requiredDriverVersion(), "cuDriverGetVersion of a CUDA 13.0 driver");
    assertTrue(index.builtFrom("unary_f32", source));
    assertFalse(index.builtFrom("unary_f32", source + " "), "a changed source is not the one built");
    assertFalse(index.builtFrom("unary_f64", source), "a program the index does not list");
    assertEquals(12040, CudaKernelIndex.parse("toolkit 12.4\n").requiredDriverVersion());
  }

  @Test
  void aMalformedIndexIsRefusedNamingItsLine() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> CudaKernelIndex.parse("toolkit 13.0\nunary_f32 not-a-hash\n"));
    assertTrue(bad.getMessage().contains("line 2") && bad.getMessage().contains("not-a-hash"), bad.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> CudaKernelIndex.parse("# empty\n"));
    assertTrue(none.getMessage().contains("toolkit"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CudaKernelIndex.parse("toolkit thirteen\n"));
  }
}
