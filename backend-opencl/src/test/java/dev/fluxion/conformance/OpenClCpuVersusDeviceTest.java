package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClCpuVersusDeviceTest extends CpuVersusDeviceTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
