package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.kernels.CudaCompileCheck;
import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.Kernels;
import dev.fluxion.kernels.ProgramKey;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernels this jar carries: one fatbin per program of the kernels module, each built from the
 * very source the engine renders for a CUDA device today, holding compute_75 PTX and cubins for
 * sm_75, sm_80 and sm_90. Without nvcc at build time there are none, and the test skips saying so;
 * with nvcc on the PATH their absence is a failure.
 */
class PrebuiltKernelsTest {
  @Test
  void everyProgramIsPrebuiltFromTodaysSourceForTuringAmpereAndHopper() {
    PrebuiltKernels prebuilt = PrebuiltKernels.load();
    if (prebuilt == null) {
      if (nvccOnPath()) {
        fail("nvcc is on the PATH but backend-cuda carries no prebuilt kernels: the kernels module's CUDA build did not run "
            + "or its output was not packaged (kernels/target/cuda)");
      }
      assumeTrue(false, "this build of backend-cuda carries no prebuilt kernels: nvcc was not on the PATH");
    }
    assertTrue(prebuilt.index().requiredDriverVersion() >= 12000, prebuilt.index().toolkit());
    List<ProgramKey> keys = Kernels.all(true);
    assertEquals(keys.size(), prebuilt.index().hashes().size(), "programs in the index: " + prebuilt.index().hashes().keySet());
    for (ProgramKey key : keys) {
      String source = Kernels.program(key, CudaCompileCheck.CUDA_DEVICE).render(Dialect.CUDA);
      byte[] image = prebuilt.image(key.toString(), source);
      assertNotNull(image, key + " is prebuilt from the source the engine renders today");
      List<Fatbin.Entry> entries = Fatbin.entries(image);
      assertEquals(List.of("compute_75 PTX", "sm_75 cubin", "sm_80 cubin", "sm_90 cubin"),
          entries.stream().map(e -> e.ptx() ? "compute_" + e.arch() + " PTX" : e.toString()).sorted().toList(), key.toString());
      assertNull(prebuilt.image(key.toString(), source + "\n"), "a changed source is not served");
    }
    assertTrue(prebuilt.contents().startsWith("cubins for sm_75, sm_80, sm_90 and compute_75 PTX (ISA "), prebuilt.contents());
  }

  @Test
  void aFileThatIsNotAFatbinIsRefusedSayingWhy() {
    IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class, () -> Fatbin.entries(new byte[] {1, 2, 3}));
    assertTrue(notOne.getMessage().contains("magic"), notOne.getMessage());
    byte[] truncated = {0x50, (byte) 0xED, 0x55, (byte) 0xBA, 1, 0, 16, 0, 100, 0, 0, 0, 0, 0, 0, 0};
    IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> Fatbin.entries(truncated));
    assertTrue(cut.getMessage().contains("announces 116 bytes, the file has 16"), cut.getMessage());
  }

  private static boolean nvccOnPath() {
    String path = System.getenv("PATH");
    for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "nvcc"))) {
        return true;
      }
    }
    return false;
  }
}
