package dev.fluxion.cuda;

import dev.fluxion.kernels.KernelCompileException;
import jcuda.CudaException;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/** CUDA C to PTX at run time through NVRTC (libnvrtc.so.12), for programs the jar does not carry prebuilt. */
final class NvrtcCompiler {
  private NvrtcCompiler() {}

  /**
   * The PTX of {@code source} for virtual architecture {@code arch} (e.g. {@code compute_86}).
   *
   * @throws KernelCompileException with NVRTC's log when the source does not compile
   */
  static String ptx(String device, String name, String source, String arch) {
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, source, name + ".cu", 0, null, null);
    try {
      try {
        JNvrtc.nvrtcCompileProgram(program, 1, new String[] {"--gpu-arch=" + arch});
      } catch (CudaException e) {
        String[] log = new String[1];
        JNvrtc.nvrtcGetProgramLog(program, log);
        throw new KernelCompileException(device + ": kernel program " + name + " does not compile with NVRTC for " + arch
            + " (" + e.getMessage() + "):\n" + log[0]);
      }
      String[] ptx = new String[1];
      JNvrtc.nvrtcGetPTX(program, ptx);
      return ptx[0];
    } finally {
      JNvrtc.nvrtcDestroyProgram(program);
    }
  }
}
