package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaInputErrorTest extends InputErrorTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
