package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaCpuVersusDeviceTest extends CpuVersusDeviceTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
