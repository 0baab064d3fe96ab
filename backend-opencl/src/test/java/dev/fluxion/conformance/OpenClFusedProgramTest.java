package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.kernels.DriverBackend;
import dev.fluxion.kernels.FusedPath;
import dev.fluxion.opencl.OpenClBackend;
import dev.fluxion.opencl.OpenClTesting;
import dev.fluxion.spi.DeviceBackend;
import java.util.List;

/** Fused programs on OpenCL through the generated kernel and through the interpreter. */
class OpenClFusedProgramTest extends FusedProgramTests {
  private static DriverBackend backend;

  @Override
  protected Device device() {
    return OpenClTesting.device();
  }

  @Override
  protected synchronized DeviceBackend fusedBackend() {
    if (backend == null) {
      backend = (DriverBackend) new OpenClBackend().open(0);
    }
    return backend;
  }

  @Override
  protected List<String> paths() {
    return List.of("generated", "interpreter");
  }

  @Override
  protected void usePath(String path) {
    ((DriverBackend) fusedBackend()).selectFusedPath(FusedPath.Kind.valueOf(path.toUpperCase(java.util.Locale.ROOT)));
  }
}
