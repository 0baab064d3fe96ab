package dev.fluxion.cuda;

import dev.fluxion.kernels.FusedPath;
import java.util.Optional;

/**
 * How a CUDA device runs fused programs: one kernel generated per program and compiled by NVRTC
 * where NVRTC compiles for the device, else the prebuilt interpreter from the fatbins (so fused
 * programs never need a run-time compiler); {@code -Dfluxion.fused} may choose. The same decision
 * the device's {@code DriverBackend} takes when it opens, made here from the probe's facts so that
 * {@code fluxion devices} shows it (with its reason) without opening the device.
 */
final class CudaFusedPath {
  private CudaFusedPath() {}

  static FusedPath of(KernelPath kernels) {
    return FusedPath.choose(System.getProperty(FusedPath.PROPERTY), "NVRTC", Optional.ofNullable(kernels.noNvrtc()));
  }
}
