package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaNestingTest extends NestingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
