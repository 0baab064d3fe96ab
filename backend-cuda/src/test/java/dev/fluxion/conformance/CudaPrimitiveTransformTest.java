package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaPrimitiveTransformTest extends PrimitiveTransformTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
