package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaVmapTest extends VmapTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
