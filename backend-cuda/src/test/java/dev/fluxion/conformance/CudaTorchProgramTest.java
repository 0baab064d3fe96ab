package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaTorchProgramTest extends TorchProgramTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
