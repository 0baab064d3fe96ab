package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClCustomRuleTest extends CustomRuleTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
