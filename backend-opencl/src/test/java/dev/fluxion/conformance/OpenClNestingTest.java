package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClNestingTest extends NestingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
