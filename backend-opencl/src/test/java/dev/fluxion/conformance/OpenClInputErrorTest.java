package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClInputErrorTest extends InputErrorTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
