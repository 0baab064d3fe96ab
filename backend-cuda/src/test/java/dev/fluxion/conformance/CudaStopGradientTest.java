package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaStopGradientTest extends StopGradientTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
