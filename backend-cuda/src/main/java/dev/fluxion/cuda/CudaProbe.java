package dev.fluxion.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import dev.fluxion.kernels.DriverBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA devices of this machine, or why none can be used: the driver library
 * ({@code libcuda.so.1}) not loadable, {@code cuInit} failing, no device, or no way to get
 * kernels onto any device (see {@link KernelPath}). Asked once per JVM; touches the driver only
 * through {@link CudaLibraries}, so a missing driver is a reason, never an error.
 */
final class CudaProbe {
  /** Set to {@code tiled} to run GEMM on the kernels module's tiled kernel even where cuBLAS loads. */
  static final String GEMM_PROPERTY = "fluxion.cuda.gemm";

  /**
   * One device.
   *
   * @param ordinal the CUDA device ordinal
   * @param computeCapability major·10 + minor
   * @param maxGrid the most blocks along x, y and z
   * @param kernels how it gets its kernels, or why it cannot
   * @param cublas cuBLAS's status, or a failure saying why the tiled kernel runs GEMM
   * @param description for users: hardware, driver and kernel path (the GEMM path is added by
   *     {@link #withGemm()} before the device opens, by {@code DriverBackend} after)
   */
  record Found(int ordinal, String name, int computeCapability, long memoryBytes, int maxThreadsPerBlock, long[] maxGrid,
      KernelPath kernels, CudaLibraries.Status cublas, PrebuiltKernels prebuilt, String description) {
    boolean usable() {
      return kernels.kind() != KernelPath.Kind.NONE;
    }

    /**
     * The description with the GEMM path, as {@code fluxion devices} shows it: cuBLAS when it
     * loaded, unless opening the device could not make a cuBLAS handle (then the tiled kernel, and why).
     */
    String withGemm() {
      String fallback = GEMM_FALLBACKS.get(ordinal);
      if (fallback != null) {
        return description + "; " + DriverBackend.TILED_GEMM + " (" + fallback + ")";
      }
      return description + "; " + (cublas.loaded() ? "GEMM: cuBLAS " + cublas.version() + " (libcublas.so.12)"
          : DriverBackend.TILED_GEMM + " (" + cublas.failure() + ")");
    }
  }

  /** The devices found (all of them, usable or not), or the reason none can be used. */
  record Result(List<Found> devices, String unavailableReason) {}

  private static Result result;
  /** Devices whose cuBLAS handle could not be made when they were opened: why GEMM runs on the tiled kernel. */
  private static final Map<Integer, String> GEMM_FALLBACKS = new ConcurrentHashMap<>();

  private CudaProbe() {}

  /**
   * The devices, asked once per JVM. Whatever fails on the way — the driver library, a driver
   * call, a damaged part of this jar — becomes the reason CUDA is unavailable, never an exception.
   */
  static synchronized Result probe() {
    if (result == null) {
      try {
        result = enumerate();
      } catch (LinkageError e) {
        result = new Result(List.of(), "the CUDA driver failed while being queried: " + LinkFailures.summary(e));
      } catch (CudaException e) {
        result = new Result(List.of(), "the CUDA driver failed while being queried: " + e.getMessage());
      } catch (RuntimeException e) {
        result = new Result(List.of(), "the CUDA devices could not be queried: " + e);
      }
    }
    return result;
  }

  /** Records that device {@code ordinal} runs GEMM on the tiled kernel because its cuBLAS handle could not be made. */
  static void recordGemmFallback(int ordinal, String why) {
    GEMM_FALLBACKS.put(ordinal, why);
  }

  private static Result enumerate() {
    CudaLibraries.Status driver = CudaLibraries.driver();
    if (!driver.loaded()) {
      return new Result(List.of(), "the NVIDIA driver library libcuda.so.1 could not be loaded (" + driver.failure()
          + "): install the NVIDIA driver (R580 or newer for the prebuilt kernels)");
    }
    try {
      JCudaDriver.cuInit(0);
    } catch (CudaException e) {
      String code = e.getMessage();
      return new Result(List.of(), switch (code) {
        case "CUDA_ERROR_NO_DEVICE" -> "no CUDA device: the driver (CUDA " + driver.version() + ") found no GPU (cuInit: " + code + ")";
        case "CUDA_ERROR_INSUFFICIENT_DRIVER" -> "the NVIDIA driver is too old for JCuda's CUDA 12 (cuInit: " + code + ")";
        default -> "cuInit failed: " + code + " (driver CUDA " + driver.version() + ")";
      });
    }
    int[] count = new int[1];
    JCudaDriver.cuDeviceGetCount(count);
    if (count[0] == 0) {
      return new Result(List.of(), "no CUDA device: the driver (CUDA " + driver.version() + ") reports none");
    }
    PrebuiltKernels prebuilt = null;
    String damaged = null;
    try {
      prebuilt = PrebuiltKernels.load();
    } catch (RuntimeException e) {
      damaged = "this jar's prebuilt kernels are damaged (" + e.getMessage() + ")";
    }
    List<Found> devices = new ArrayList<>();
    for (int i = 0; i < count[0]; i++) {
      devices.add(describe(i, driver, prebuilt, damaged));
    }
    if (devices.stream().noneMatch(Found::usable)) {
      return new Result(devices, "no CUDA device can run Fluxion's kernels: cuda:0 (" + devices.get(0).name() + "): "
          + devices.get(0).kernels().description());
    }
    return new Result(devices, null);
  }

  private static Found describe(int ordinal, CudaLibraries.Status driver, PrebuiltKernels prebuilt, String damaged) {
    CUdevice d = new CUdevice();
    JCudaDriver.cuDeviceGet(d, ordinal);
    byte[] name = new byte[256];
    JCudaDriver.cuDeviceGetName(name, name.length, d);
    long[] memory = new long[1];
    JCudaDriver.cuDeviceTotalMem(memory, d);
    int cc = attribute(d, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10 + attribute(d, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    long[] grid = {attribute(d, CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X), attribute(d, CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y),
        attribute(d, CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z)};
    KernelPath kernels = damaged != null ? KernelPath.withoutPrebuilt(damaged, driver.encoded(), cc, CudaLibraries.nvrtc())
        : KernelPath.choose(prebuilt == null ? null : prebuilt.index(), prebuilt == null ? "" : prebuilt.contents(),
            driver.encoded(), cc, CudaLibraries.nvrtc());
    CudaLibraries.Status cublas = gemm();
    String text = cString(name);
    String description = String.format(Locale.ROOT, "%s (compute capability %s, %d SMs, %d MiB; driver CUDA %s; %s)", text,
        KernelPath.capability(cc), attribute(d, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), memory[0] >> 20, driver.version(),
        kernels.kind() == KernelPath.Kind.NONE ? "unusable: " + kernels.description() : kernels.description());
    return new Found(ordinal, text, cc, memory[0], attribute(d, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK), grid, kernels,
        cublas, prebuilt, description);
  }

  /** cuBLAS's status, or why GEMM runs on the tiled kernel (library missing, or {@value #GEMM_PROPERTY}=tiled). */
  private static CudaLibraries.Status gemm() {
    if ("tiled".equalsIgnoreCase(System.getProperty(GEMM_PROPERTY, ""))) {
      return CudaLibraries.Status.failed("-D" + GEMM_PROPERTY + "=tiled");
    }
    CudaLibraries.Status cublas = CudaLibraries.cublas();
    return cublas.loaded() ? cublas : CudaLibraries.Status.failed("cuBLAS not loadable: " + cublas.failure());
  }

  private static int attribute(CUdevice d, int attribute) {
    int[] value = new int[1];
    JCudaDriver.cuDeviceGetAttribute(value, attribute, d);
    return value[0];
  }

  private static String cString(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
  }
}
