package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClFusedTest extends FusedTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
