package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.kernels.CudaKernelIndex;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a device gets its kernels, for every combination of jar, driver, GPU and NVRTC that matters. */
class KernelPathTest {
  private static final CudaKernelIndex BUILT_BY_13 = new CudaKernelIndex("13.0", Map.of());
  private static final String CONTENTS = "cubins for sm_75, sm_80, sm_90 and compute_75 PTX (ISA 9.0)";
  private static final CudaLibraries.Status NO_NVRTC =
      CudaLibraries.Status.failed("libnvrtc.so.12: cannot open shared object file: No such file or directory");
  private static final CudaLibraries.Status NVRTC_12_4 = new CudaLibraries.Status("12.4", null, 12040);

  @Test
  void aNewEnoughDriverOnATuringOrNewerGpuUsesThePrebuiltFatbins() {
    KernelPath p = KernelPath.choose(BUILT_BY_13, CONTENTS, 13000, 90, NO_NVRTC);
    assertEquals(KernelPath.Kind.PREBUILT, p.kind());
    assertEquals("kernels: prebuilt fatbins from nvcc 13.0 (" + CONTENTS + ")", p.description());
    assertFalse(p.nvrtc());
    KernelPath withNvrtc = KernelPath.choose(BUILT_BY_13, CONTENTS, 13010, 75, NVRTC_12_4);
    assertEquals(KernelPath.Kind.PREBUILT, withNvrtc.kind());
    assertTrue(withNvrtc.nvrtc() && withNvrtc.description().endsWith(", NVRTC 12.4 for any program not prebuilt"),
        withNvrtc.description());
  }

  @Test
  void aDriverOlderThanThePtxFallsBackToNvrtcOrSaysWhyNot() {
    KernelPath nvrtc = KernelPath.choose(BUILT_BY_13, CONTENTS, 12060, 86, NVRTC_12_4);
    assertEquals(KernelPath.Kind.NVRTC, nvrtc.kind());
    assertEquals("kernels: NVRTC 12.4 at run time for compute_86 (the prebuilt kernels are PTX of CUDA 13.0 and need a "
        + "driver for CUDA 13.0 or newer (R580+), but this driver supports CUDA 12.6)", nvrtc.description());
    KernelPath none = KernelPath.choose(BUILT_BY_13, CONTENTS, 12060, 86, NO_NVRTC);
    assertEquals(KernelPath.Kind.NONE, none.kind());
    assertTrue(none.description().contains("this driver supports CUDA 12.6")
        && none.description().contains("NVRTC, which would compile them here, is not loadable (libnvrtc.so.12: cannot open"),
        none.description());
    KernelPath tooNewNvrtc = KernelPath.choose(BUILT_BY_13, CONTENTS, 12020, 86, NVRTC_12_4);
    assertEquals(KernelPath.Kind.NONE, tooNewNvrtc.kind());
    assertTrue(tooNewNvrtc.description().endsWith("NVRTC 12.4 writes PTX that this driver (CUDA 12.2) cannot compile"),
        tooNewNvrtc.description());
  }

  @Test
  void aJarWithoutPrebuiltKernelsOrAGpuOlderThanTuringNeedsNvrtc() {
    KernelPath noJar = KernelPath.choose(null, "", 13000, 90, NVRTC_12_4);
    assertEquals(KernelPath.Kind.NVRTC, noJar.kind());
    assertTrue(noJar.description().contains("carries no prebuilt kernels (nvcc was not on the PATH when it was built)"),
        noJar.description());
    KernelPath volta = KernelPath.choose(BUILT_BY_13, CONTENTS, 13000, 70, NO_NVRTC);
    assertEquals(KernelPath.Kind.NONE, volta.kind());
    assertTrue(volta.description().startsWith("the GPU's compute capability 7.0 is older than the prebuilt kernels' 7.5"),
        volta.description());
    assertEquals(KernelPath.Kind.NVRTC, KernelPath.choose(BUILT_BY_13, CONTENTS, 13000, 70, NVRTC_12_4).kind());
    KernelPath kepler = KernelPath.choose(null, "", 13000, 35, NVRTC_12_4);
    assertEquals(KernelPath.Kind.NONE, kepler.kind());
    assertTrue(kepler.description().endsWith("NVRTC 12.4 does not compile for compute capability 3.5"), kepler.description());
  }
}
