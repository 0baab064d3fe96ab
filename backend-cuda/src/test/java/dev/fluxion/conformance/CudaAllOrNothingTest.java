package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaAllOrNothingTest extends AllOrNothingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
