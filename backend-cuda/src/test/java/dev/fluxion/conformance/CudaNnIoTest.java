package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaNnIoTest extends NnIoTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
