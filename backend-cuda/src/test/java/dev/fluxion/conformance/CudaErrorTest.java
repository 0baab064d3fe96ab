package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaErrorTest extends ErrorTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
