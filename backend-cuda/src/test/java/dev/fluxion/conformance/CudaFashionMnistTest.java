package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaFashionMnistTest extends FashionMnistTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
