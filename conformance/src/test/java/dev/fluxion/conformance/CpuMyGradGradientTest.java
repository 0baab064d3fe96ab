package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuMyGradGradientTest extends MyGradGradientTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
