package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClAllOrNothingTest extends AllOrNothingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
