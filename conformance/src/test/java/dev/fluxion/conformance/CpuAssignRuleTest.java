package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuAssignRuleTest extends AssignRuleTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
