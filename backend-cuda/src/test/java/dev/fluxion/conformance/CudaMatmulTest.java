package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaMatmulTest extends MatmulTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
