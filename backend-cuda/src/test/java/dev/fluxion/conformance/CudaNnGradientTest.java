package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaNnGradientTest extends NnGradientTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
