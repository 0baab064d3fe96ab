package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuPrimitiveGradientTest extends PrimitiveGradientTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
