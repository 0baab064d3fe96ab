package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaReductionTest extends ReductionTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
