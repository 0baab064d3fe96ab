package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClVmapTest extends VmapTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
