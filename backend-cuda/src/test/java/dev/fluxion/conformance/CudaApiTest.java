package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaApiTest extends ApiTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
