package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaBackend;
import dev.fluxion.cuda.CudaTesting;
import dev.fluxion.kernels.DriverBackend;
import dev.fluxion.kernels.FusedPath;
import dev.fluxion.spi.DeviceBackend;
import java.util.List;

/** Fused programs on CUDA through NVRTC-generated kernels (where NVRTC loads) and the prebuilt interpreter. */
class CudaFusedProgramTest extends FusedProgramTests {
  private static DriverBackend backend;

  @Override
  protected Device device() {
    return CudaTesting.device();
  }

  @Override
  protected synchronized DeviceBackend fusedBackend() {
    if (backend == null) {
      backend = (DriverBackend) new CudaBackend().open(0);
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
