package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaPrimitiveGradientTest extends PrimitiveGradientTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
