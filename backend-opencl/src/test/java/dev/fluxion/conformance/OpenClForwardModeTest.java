package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClForwardModeTest extends ForwardModeTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
