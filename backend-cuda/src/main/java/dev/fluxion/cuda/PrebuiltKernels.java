package dev.fluxion.cuda;

import dev.fluxion.kernels.CudaKernelIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The fatbins this jar carries (resources under {@value #DIRECTORY}, built by the kernels
 * module's {@code CudaCompileCheck} when nvcc was on the PATH), with their index. A program is
 * served only when the source the engine would compile hashes to the one the fatbin was built
 * from.
 */
final class PrebuiltKernels {
  static final String DIRECTORY = "/dev/fluxion/cuda/kernels/";

  private final CudaKernelIndex index;
  private final String contents;

  private PrebuiltKernels(CudaKernelIndex index, String contents) {
    this.index = index;
    this.contents = contents;
  }

  /** The jar's prebuilt kernels, or null when it carries none. */
  static PrebuiltKernels load() {
    byte[] text = resource(CudaKernelIndex.FILE);
    if (text == null) {
      return null;
    }
    CudaKernelIndex index = CudaKernelIndex.parse(new String(text, StandardCharsets.UTF_8));
    String contents = index.hashes().keySet().stream().findFirst().map(PrebuiltKernels::fatbin)
        .map(image -> Fatbin.describe(Fatbin.entries(image))).orElse("no programs");
    return new PrebuiltKernels(index, contents);
  }

  CudaKernelIndex index() {
    return index;
  }

  /** What each fatbin holds, e.g. {@code cubins for sm_75, sm_80, sm_90 and compute_75 PTX (ISA 9.0)}. */
  String contents() {
    return contents;
  }

  /** The fatbin of program {@code name} if it was built from exactly {@code source}, else null. */
  byte[] image(String name, String source) {
    return index.builtFrom(name, source) ? fatbin(name) : null;
  }

  private static byte[] fatbin(String program) {
    byte[] image = resource(program + ".fatbin");
    if (image == null) {
      throw new IllegalStateException("the CUDA kernel index lists " + program + " but the jar has no " + DIRECTORY + program
          + ".fatbin: the build that packaged backend-cuda is broken");
    }
    return image;
  }

  private static byte[] resource(String file) {
    try (InputStream in = PrebuiltKernels.class.getResourceAsStream(DIRECTORY + file)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + DIRECTORY + file + " from the backend-cuda jar", e);
    }
  }
}
