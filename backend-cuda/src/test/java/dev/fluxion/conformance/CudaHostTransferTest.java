package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaHostTransferTest extends HostTransferTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
