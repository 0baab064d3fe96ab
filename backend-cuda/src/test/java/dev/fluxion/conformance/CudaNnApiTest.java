package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaNnApiTest extends NnApiTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
