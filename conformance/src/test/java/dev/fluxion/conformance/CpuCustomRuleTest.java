package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuCustomRuleTest extends CustomRuleTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
