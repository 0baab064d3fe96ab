package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClViewTest extends ViewTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
