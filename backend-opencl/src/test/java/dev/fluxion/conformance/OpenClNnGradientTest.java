package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClNnGradientTest extends NnGradientTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
