package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClMyGradGradientTest extends MyGradGradientTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
