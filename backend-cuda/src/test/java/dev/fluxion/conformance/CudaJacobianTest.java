package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaJacobianTest extends JacobianTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
