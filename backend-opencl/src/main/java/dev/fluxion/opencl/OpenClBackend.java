package dev.fluxion.opencl;

import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.kernels.DriverBackend;
import dev.fluxion.kernels.FusedPath;
import dev.fluxion.spi.Backend;
import dev.fluxion.spi.DeviceBackend;
import java.util.List;
import java.util.Optional;

/**
 * The OpenCL family ({@code opencl:N}, in platform and device order). Loading this class
 * touches no native code; the first question about devices loads JOCL and the ICD loader, and
 * any failure there (missing library, no platform) becomes the reason the family is
 * unavailable.
 */
public final class OpenClBackend implements Backend {
  private volatile OpenClPlatforms.Probe probe;

  @Override
  public String name() {
    return "opencl";
  }

  @Override
  public List<String> deviceDescriptions() {
    String fused = FusedPath.choose(System.getProperty(FusedPath.PROPERTY), DriverBackend.OPENCL_COMPILER, Optional.empty())
        .description();
    return probe().devices().stream().map(f -> f.description() + "; " + DriverBackend.TILED_GEMM + "; " + fused).toList();
  }

  @Override
  public String unavailableReason() {
    return probe().unavailableReason();
  }

  @Override
  public DeviceBackend open(int index) {
    List<OpenClPlatforms.Found> devices = probe().devices();
    if (index < 0 || index >= devices.size()) {
      throw new DeviceUnavailableException("opencl:" + index + " does not exist: "
          + (devices.isEmpty() ? probe().unavailableReason() : devices.size() + " OpenCL device(s) found"));
    }
    return new DriverBackend(new OpenClDriver(devices.get(index), "opencl:" + index));
  }

  private OpenClPlatforms.Probe probe() {
    OpenClPlatforms.Probe p = probe;
    if (p == null) {
      synchronized (this) {
        if (probe == null) {
          probe = OpenClPlatforms.probe();
        }
        p = probe;
      }
    }
    return p;
  }
}
