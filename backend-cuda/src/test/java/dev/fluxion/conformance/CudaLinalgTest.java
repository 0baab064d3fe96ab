package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaLinalgTest extends LinalgTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
