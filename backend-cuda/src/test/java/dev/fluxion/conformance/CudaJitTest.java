package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaJitTest extends JitTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
