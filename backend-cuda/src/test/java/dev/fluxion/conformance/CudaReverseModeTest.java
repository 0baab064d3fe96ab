package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaReverseModeTest extends ReverseModeTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
