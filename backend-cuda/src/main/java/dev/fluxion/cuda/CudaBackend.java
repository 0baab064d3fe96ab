package dev.fluxion.cuda;

import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.kernels.DriverBackend;
import dev.fluxion.spi.Backend;
import dev.fluxion.spi.DeviceBackend;
import java.util.List;

/**
 * The CUDA family ({@code cuda:N}, N the CUDA device ordinal). Loading this class touches no
 * native code; the first question about devices loads the driver through JCuda, and any failure
 * there (no {@code libcuda.so.1}, no device, a driver too old for the prebuilt kernels without
 * NVRTC to compile others) becomes the reason the family is unavailable. A missing cuBLAS is not
 * a reason: GEMM then runs on the tiled kernel, and the description says so.
 */
public final class CudaBackend implements Backend {
  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public List<String> deviceDescriptions() {
    return CudaProbe.probe().devices().stream().map(f -> f.withGemm() + "; " + CudaFusedPath.of(f.kernels()).description())
        .toList();
  }

  @Override
  public String unavailableReason() {
    return CudaProbe.probe().unavailableReason();
  }

  @Override
  public DeviceBackend open(int index) {
    CudaProbe.Result probe = CudaProbe.probe();
    List<CudaProbe.Found> devices = probe.devices();
    if (index < 0 || index >= devices.size()) {
      throw new DeviceUnavailableException("cuda:" + index + " does not exist: "
          + (devices.isEmpty() ? probe.unavailableReason() : devices.size() + " CUDA device(s) found"));
    }
    CudaProbe.Found found = devices.get(index);
    if (!found.usable()) {
      throw new DeviceUnavailableException("cuda:" + index + " (" + found.name() + ") cannot run Fluxion's kernels: "
          + found.kernels().description());
    }
    return new DriverBackend(new CudaDriver(found, "cuda:" + index));
  }
}
