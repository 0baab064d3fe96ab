package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuFusedTest extends FusedTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
