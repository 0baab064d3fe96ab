package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaTransformExampleTest extends TransformExampleTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
