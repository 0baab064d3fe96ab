package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaBroadcastingTest extends BroadcastingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
