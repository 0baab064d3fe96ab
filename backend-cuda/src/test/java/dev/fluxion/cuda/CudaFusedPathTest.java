package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.kernels.CudaKernelIndex;
import dev.fluxion.kernels.FusedPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a CUDA device runs fused programs, from the same facts as its kernel path: NVRTC-generated
 * kernels where NVRTC compiles for the GPU, the prebuilt interpreter otherwise — with the reason,
 * as {@code fluxion devices} shows it.
 */
class CudaFusedPathTest {
  private static final CudaKernelIndex BUILT_BY_13 = new CudaKernelIndex("13.0", Map.of());
  private static final String CONTENTS = "cubins for sm_75, sm_80, sm_90 and compute_75 PTX (ISA 9.0)";
  private static final CudaLibraries.Status NO_NVRTC =
      CudaLibraries.Status.failed("libnvrtc.so.12: cannot open shared object file: No such file or directory");
  private static final CudaLibraries.Status NVRTC_12_4 = new CudaLibraries.Status("12.4", null, 12040);

  @Test
  void withNvrtcEveryProgramIsAGeneratedKernel() {
    FusedPath p = CudaFusedPath.of(KernelPath.choose(BUILT_BY_13, CONTENTS, 13010, 90, NVRTC_12_4));
    assertEquals(FusedPath.Kind.GENERATED, p.kind());
    assertTrue(p.description().contains("generated kernel per program") && p.description().contains("NVRTC"), p.description());
    assertEquals(FusedPath.Kind.GENERATED, CudaFusedPath.of(KernelPath.choose(BUILT_BY_13, CONTENTS, 12060, 86, NVRTC_12_4)).kind(),
        "the NVRTC kernel path");
  }

  @Test
  void aCuda13OnlyMachineRunsTheInterpreterFromTheFatbinsSayingWhy() {
    FusedPath p = CudaFusedPath.of(KernelPath.choose(BUILT_BY_13, CONTENTS, 13000, 90, NO_NVRTC));
    assertEquals(FusedPath.Kind.INTERPRETER, p.kind());
    assertTrue(p.description().contains("prebuilt interpreter") && p.description().contains("libnvrtc.so.12"), p.description());
    FusedPath tooNew = CudaFusedPath.of(KernelPath.choose(BUILT_BY_13, CONTENTS, 12020, 75, NVRTC_12_4));
    assertEquals(FusedPath.Kind.INTERPRETER, tooNew.kind(), "NVRTC newer than the driver cannot serve");
    assertTrue(tooNew.description().contains("cannot compile"), tooNew.description());
  }
}
