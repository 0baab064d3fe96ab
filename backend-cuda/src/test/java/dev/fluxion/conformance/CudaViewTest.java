package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaViewTest extends ViewTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
