package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaForwardModeTest extends ForwardModeTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
