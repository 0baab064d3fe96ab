package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClAssignRuleTest extends AssignRuleTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
