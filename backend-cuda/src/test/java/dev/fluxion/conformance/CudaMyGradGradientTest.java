package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaMyGradGradientTest extends MyGradGradientTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
