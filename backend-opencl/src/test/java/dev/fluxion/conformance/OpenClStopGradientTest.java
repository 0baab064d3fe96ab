package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClStopGradientTest extends StopGradientTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
