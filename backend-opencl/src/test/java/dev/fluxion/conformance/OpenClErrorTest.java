package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClErrorTest extends ErrorTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
