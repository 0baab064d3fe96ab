package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuReproducibilityTest extends ReproducibilityTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
