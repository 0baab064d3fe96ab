package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaFusedTest extends FusedTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
