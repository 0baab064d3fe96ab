package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClDeviceCountersTest extends DeviceCountersTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
