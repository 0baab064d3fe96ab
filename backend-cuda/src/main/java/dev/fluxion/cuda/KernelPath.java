package dev.fluxion.cuda;

import dev.fluxion.kernels.CudaKernelIndex;

/**
 * How a device gets its kernels: the fatbins built with the jar, NVRTC at run time, or neither
 * (then the device is unusable, and {@link #description()} says why). Decided from facts alone,
 * so every case is tested without a GPU.
 *
 * @param kind which path
 * @param description what is used, for users; or why the device cannot run the kernels
 * @param nvrtc whether NVRTC can compile programs for the device (its path, or the fallback for
 *     a program the jar does not carry)
 * @param noNvrtc why NVRTC cannot compile for the device, or null when it can (then fused programs
 *     run on the prebuilt interpreter instead of generated kernels)
 */
record KernelPath(Kind kind, String description, boolean nvrtc, String noNvrtc) {
  enum Kind {
    PREBUILT,
    NVRTC,
    NONE
  }

  /** The virtual architecture of the prebuilt PTX, as compute capability major·10 + minor. */
  static final int PREBUILT_ARCH = 75;
  /** The oldest architecture NVRTC 12 compiles for. */
  static final int NVRTC_OLDEST_ARCH = 50;

  /**
   * The path for a device.
   *
   * @param index the prebuilt programs' index, or null when the jar carries none
   * @param contents what each prebuilt fatbin holds (see {@link Fatbin#describe})
   * @param driverVersion {@code cuDriverGetVersion}, e.g. 13000
   * @param computeCapability major·10 + minor, e.g. 90
   * @param nvrtc NVRTC's status
   */
  static KernelPath choose(CudaKernelIndex index, String contents, int driverVersion, int computeCapability,
      CudaLibraries.Status nvrtc) {
    String noPrebuilt = whyNotPrebuilt(index, driverVersion, computeCapability);
    String noNvrtc = whyNotNvrtc(driverVersion, computeCapability, nvrtc);
    if (noPrebuilt == null) {
      return new KernelPath(Kind.PREBUILT, "kernels: prebuilt fatbins from nvcc " + index.toolkit() + " (" + contents + ")"
          + (noNvrtc == null ? ", NVRTC " + nvrtc.version() + " for any program not prebuilt" : ""), noNvrtc == null, noNvrtc);
    }
    if (noNvrtc == null) {
      return new KernelPath(Kind.NVRTC, "kernels: NVRTC " + nvrtc.version() + " at run time for compute_" + computeCapability
          + " (" + noPrebuilt + ")", true, null);
    }
    return new KernelPath(Kind.NONE, noPrebuilt + "; and " + noNvrtc, false, noNvrtc);
  }

  /**
   * The path for a device when the jar's prebuilt kernels cannot be used at all ({@code why}, e.g.
   * a damaged index): NVRTC if it can serve, else none.
   */
  static KernelPath withoutPrebuilt(String why, int driverVersion, int computeCapability, CudaLibraries.Status nvrtc) {
    String noNvrtc = whyNotNvrtc(driverVersion, computeCapability, nvrtc);
    if (noNvrtc == null) {
      return new KernelPath(Kind.NVRTC, "kernels: NVRTC " + nvrtc.version() + " at run time for compute_" + computeCapability
          + " (" + why + ")", true, null);
    }
    return new KernelPath(Kind.NONE, why + "; and " + noNvrtc, false, noNvrtc);
  }

  private static String whyNotPrebuilt(CudaKernelIndex index, int driverVersion, int computeCapability) {
    if (index == null) {
      return "this build of backend-cuda carries no prebuilt kernels (nvcc was not on the PATH when it was built)";
    }
    if (driverVersion < index.requiredDriverVersion()) {
      return "the prebuilt kernels are PTX of CUDA " + index.toolkit() + " and need a driver for CUDA " + index.toolkit()
          + " or newer" + (index.requiredDriverVersion() == 13000 ? " (R580+)" : "") + ", but this driver supports CUDA "
          + cudaVersion(driverVersion);
    }
    if (computeCapability < PREBUILT_ARCH) {
      return "the GPU's compute capability " + capability(computeCapability) + " is older than the prebuilt kernels' 7.5";
    }
    return null;
  }

  private static String whyNotNvrtc(int driverVersion, int computeCapability, CudaLibraries.Status nvrtc) {
    if (!nvrtc.loaded()) {
      return "NVRTC, which would compile them here, is not loadable (" + nvrtc.failure() + "; JCuda 12 needs the CUDA 12 "
          + "NVRTC library, libnvrtc.so.12)";
    }
    if (nvrtc.encoded() > driverVersion) {
      return "NVRTC " + nvrtc.version() + " writes PTX that this driver (CUDA " + cudaVersion(driverVersion) + ") cannot compile";
    }
    if (computeCapability < NVRTC_OLDEST_ARCH) {
      return "NVRTC " + nvrtc.version() + " does not compile for compute capability " + capability(computeCapability);
    }
    return null;
  }

  /** 12040 → "12.4". */
  static String cudaVersion(int encoded) {
    return encoded / 1000 + "." + encoded % 1000 / 10;
  }

  /** 86 → "8.6". */
  static String capability(int cc) {
    return cc / 10 + "." + cc % 10;
  }
}
