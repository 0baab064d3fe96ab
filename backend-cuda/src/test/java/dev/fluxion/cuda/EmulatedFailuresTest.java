package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver failures a GPU machine can produce, made by the emulation in a child JVM
 * ({@code FLUXION_CUDA_EMULATION_FAIL}), with the driver's calls traced: opening the device
 * either succeeds or fails as {@code DeviceUnavailableException} naming the call's error, and
 * undoes everything it made; a cuBLAS that cannot make a handle, or a damaged prebuilt-kernel
 * index, only changes a path and says why.
 */
class EmulatedFailuresTest {
  private static EmulationTesting.Run open(Map<String, String> env) throws Exception {
    return EmulationTesting.child(EmulatedChild.class, env, List.of(), "open");
  }

  private static EmulationTesting.Run failing(String calls) throws Exception {
    return open(Map.of("FLUXION_CUDA_EMULATION_FAIL", calls));
  }

  private static void assertRefused(EmulationTesting.Run r, String error) {
    assertTrue(r.output().contains("refused dev.fluxion.DeviceUnavailableException: "), r.toString());
    assertTrue(r.output().contains("could not be opened: " + error), r.toString());
    assertFalse(r.output().contains("suppressed"), "undoing the open failed: " + r);
  }

  /** Every context retained was released, after the failure. */
  private static void assertReleased(EmulationTesting.Run r) {
    assertEquals(r.calls("cuDevicePrimaryCtxRetain ->").size(), r.calls("cuDevicePrimaryCtxRelease_v2 -> 0").size(), r.toString());
  }

  @Test
  void aContextThatCannotBeRetainedIsAReasonNotARawDriverException() throws Exception {
    EmulationTesting.Run r = failing("cuDevicePrimaryCtxRetain=CUDA_ERROR_OUT_OF_MEMORY");
    assertRefused(r, "CUDA_ERROR_OUT_OF_MEMORY");
    assertTrue(r.calls("cuDevicePrimaryCtxRelease_v2").isEmpty(), "nothing was retained: " + r);
  }

  @Test
  void aDeviceThatCannotBeFoundAgainIsAReason() throws Exception {
    assertRefused(failing("cuDeviceGet@2=CUDA_ERROR_INVALID_DEVICE"), "CUDA_ERROR_INVALID_DEVICE"); // the probe made the first call
  }

  @Test
  void aContextThatCannotBeMadeCurrentIsReleased() throws Exception {
    EmulationTesting.Run r = failing("cuCtxSetCurrent@1=CUDA_ERROR_INVALID_CONTEXT");
    assertRefused(r, "CUDA_ERROR_INVALID_CONTEXT");
    assertReleased(r);
  }

  @Test
  void aStreamThatCannotBeMadeReleasesTheContext() throws Exception {
    EmulationTesting.Run r = failing("cuStreamCreate=CUDA_ERROR_OUT_OF_MEMORY");
    assertRefused(r, "CUDA_ERROR_OUT_OF_MEMORY");
    assertReleased(r);
  }

  @Test
  void aCopyStreamThatCannotBeMadeDestroysTheKernelStream() throws Exception {
    EmulationTesting.Run r = failing("cuStreamCreate@2=CUDA_ERROR_OUT_OF_MEMORY");
    assertRefused(r, "CUDA_ERROR_OUT_OF_MEMORY");
    assertEquals(List.of("cuStreamDestroy_v2 -> 0"), r.calls("cuStreamDestroy_v2 ->"), "the kernel stream is destroyed: " + r);
    assertReleased(r);
  }

  @Test
  void aPinnedBufferThatCannotBeMadeKeepsItsErrorAndFreesWhatWasMade() throws Exception {
    EmulationTesting.Run r = failing("cuMemAllocHost_v2@2=CUDA_ERROR_OUT_OF_MEMORY");
    assertRefused(r, "CUDA_ERROR_OUT_OF_MEMORY");
    assertEquals(List.of("cuMemFreeHost -> 0"), r.calls("cuMemFreeHost"), "only the first buffer is freed: " + r);
    assertEquals(1, r.calls("cuEventDestroy_v2 -> 0").size(), r.toString());
    assertEquals(List.of("cuStreamDestroy_v2 -> 0", "cuStreamDestroy_v2 -> 0"), r.calls("cuStreamDestroy_v2 ->"),
        "both streams (kernels, copies) are destroyed: " + r);
    assertReleased(r);
  }

  @Test
  void anEventThatCannotBeMadeDestroysTheStream() throws Exception {
    EmulationTesting.Run r = failing("cuEventCreate@1=CUDA_ERROR_OUT_OF_MEMORY");
    assertRefused(r, "CUDA_ERROR_OUT_OF_MEMORY");
    assertEquals(List.of("cuMemFreeHost -> 0"), r.calls("cuMemFreeHost"), r.toString());
    assertEquals(List.of("cuStreamDestroy_v2 -> 0", "cuStreamDestroy_v2 -> 0"), r.calls("cuStreamDestroy_v2 ->"),
        "both streams (kernels, copies) are destroyed: " + r);
    assertReleased(r);
  }

  @Test
  void aCublasThatCannotMakeAHandleLeavesGemmToTheTiledKernelAndSaysWhy() throws Exception {
    EmulationTesting.Run r = open(Map.of("LD_LIBRARY_PATH", EmulationTesting.dir().resolve("cublas-failing").toString()));
    assertTrue(r.output().contains("probe cuda:0 true") && r.output().contains("GEMM: cuBLAS 12.0.1 (libcublas.so.12)"),
        "before opening, cuBLAS looks usable: " + r);
    assertTrue(r.output().contains("product [14.0, 32.0, 32.0, 77.0]"), r.toString());
    String why = "cuBLAS 12.0.1 loaded but its handle could not be made: CUBLAS_STATUS_NOT_INITIALIZED";
    assertTrue(r.output().contains("description ") && r.output().lines().anyMatch(l -> l.startsWith("description ")
        && l.contains(why + "; GEMM: the kernels module's tiled kernel")), r.toString());
    assertTrue(r.output().lines().anyMatch(l -> l.startsWith("after cuda:0 true") && l.contains(
        "GEMM: the kernels module's tiled kernel (" + why + ")")), "fluxion devices says why: " + r);
  }

  @Test
  void aDamagedKernelIndexIsAReasonAndNvrtcServes(@TempDir Path dir) throws Exception {
    Path index = dir.resolve("dev/fluxion/cuda/kernels/kernels.index");
    Files.createDirectories(index.getParent());
    Files.writeString(index, "toolkit 13.0\nunary_f32 not-a-hash\n");
    EmulationTesting.Run r = EmulationTesting.child(EmulatedChild.class, Map.of(), List.of(dir), "open");
    assertTrue(r.output().contains("probe cuda:0 true"), r.toString());
    assertTrue(r.output().contains("kernels: NVRTC 12.8 at run time for compute_90 (this jar's prebuilt kernels are damaged "
        + "(CUDA kernel index, line 2: expected 'toolkit MAJOR.MINOR' or 'PROGRAM SHA256', got 'unary_f32 not-a-hash'))"),
        r.toString());
    assertTrue(r.output().contains("product [14.0, 32.0, 32.0, 77.0]"), r.toString());
  }

  @Test
  void returningMemoryNeverWaitsForTheStream() throws Exception {
    EmulationTesting.Run r = EmulationTesting.child(EmulatedChild.class, Map.of(), List.of(), "frees");
    assertEquals(0, r.exitCode(), r.toString());
    int free = r.indexOf("marker free", 0);
    int allocate = r.indexOf("marker allocate", free);
    int end = r.indexOf("marker end", allocate);
    assertTrue(free > 0 && allocate > free && end > allocate, r.toString());
    List<String> freeing = r.trace().subList(free, allocate);
    assertTrue(freeing.stream().noneMatch(l -> l.startsWith("cuStreamSynchronize") || l.startsWith("cuEventSynchronize")
        || l.startsWith("cuMemFree_v2")), "free() neither waits nor frees at once: " + freeing);
    assertTrue(freeing.contains("cuEventRecord -> 0"), "it records an event behind the queued copy: " + freeing);
    int freed = r.indexOf("cuMemFree_v2 0x", allocate);
    assertTrue(freed > allocate && freed < end, "the block is freed once its event completed: " + r);
    int query = r.indexOf("cuEventQuery -> 0", allocate);
    assertTrue(query > 0 && query < freed, "after the event says the copy has run: " + r);
  }
}
