package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaReproducibilityTest extends ReproducibilityTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
