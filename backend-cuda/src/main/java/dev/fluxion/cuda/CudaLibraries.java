package dev.fluxion.cuda;

import jcuda.CudaException;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.libraryPropertyType;
import jcuda.nvrtc.JNvrtc;

/**
 * The native libraries behind JCuda, each loaded once per JVM on first need, with the outcome
 * remembered: a library that failed to load fails with a {@link LinkageError} the first time and
 * a {@link NoClassDefFoundError} every later time, so only the first reason is worth keeping.
 * The driver (libcuda.so.1) is required; cuBLAS (libcublas.so.12) and NVRTC (libnvrtc.so.12) are
 * optional.
 */
final class CudaLibraries {
  /**
   * A library's version when it loaded, or why it did not.
   *
   * @param version for example {@code 12.2.1}, or null when it did not load
   * @param failure why it did not load, or null
   * @param encoded the version as CUDA encodes it (1000·major + 10·minor), 0 when unknown
   */
  record Status(String version, String failure, int encoded) {
    boolean loaded() {
      return failure == null;
    }

    static Status failed(String why) {
      return new Status(null, why, 0);
    }
  }

  private static Status driver;
  private static Status cublas;
  private static Status nvrtc;

  private CudaLibraries() {}

  /** JCuda's driver API with exceptions enabled, and the driver's CUDA version from {@code cuDriverGetVersion}. */
  static synchronized Status driver() {
    if (driver == null) {
      try {
        JCudaDriver.setExceptionsEnabled(true);
        int[] v = new int[1];
        JCudaDriver.cuDriverGetVersion(v);
        driver = new Status(v[0] / 1000 + "." + v[0] % 1000 / 10, null, v[0]);
      } catch (LinkageError e) {
        driver = Status.failed(LinkFailures.summary(e));
      } catch (CudaException e) {
        driver = Status.failed("cuDriverGetVersion: " + e.getMessage());
      }
    }
    return driver;
  }

  /** JCublas2 with exceptions enabled, and cuBLAS's version (no context needed). */
  static synchronized Status cublas() {
    if (cublas == null) {
      try {
        JCublas2.setExceptionsEnabled(true);
        int[] major = new int[1];
        int[] minor = new int[1];
        int[] patch = new int[1];
        JCublas2.cublasGetProperty(libraryPropertyType.MAJOR_VERSION, major);
        JCublas2.cublasGetProperty(libraryPropertyType.MINOR_VERSION, minor);
        JCublas2.cublasGetProperty(libraryPropertyType.PATCH_LEVEL, patch);
        cublas = new Status(major[0] + "." + minor[0] + "." + patch[0], null, major[0] * 1000 + minor[0] * 10);
      } catch (LinkageError e) {
        cublas = Status.failed(LinkFailures.summary(e));
      } catch (RuntimeException e) {
        cublas = Status.failed("cublasGetProperty: " + e.getMessage());
      }
    }
    return cublas;
  }

  /** JNvrtc with exceptions enabled, and NVRTC's version. */
  static synchronized Status nvrtc() {
    if (nvrtc == null) {
      try {
        JNvrtc.setExceptionsEnabled(true);
        int[] major = new int[1];
        int[] minor = new int[1];
        JNvrtc.nvrtcVersion(major, minor);
        nvrtc = new Status(major[0] + "." + minor[0], null, major[0] * 1000 + minor[0] * 10);
      } catch (LinkageError e) {
        nvrtc = Status.failed(LinkFailures.summary(e));
      } catch (RuntimeException e) {
        nvrtc = Status.failed("nvrtcVersion: " + e.getMessage());
      }
    }
    return nvrtc;
  }
}
