package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaDeviceCountersTest extends DeviceCountersTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
