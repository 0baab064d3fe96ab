package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuNnGradientTest extends NnGradientTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
