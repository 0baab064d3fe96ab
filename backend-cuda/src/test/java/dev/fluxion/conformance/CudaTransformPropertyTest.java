package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaTransformPropertyTest extends TransformPropertyTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
