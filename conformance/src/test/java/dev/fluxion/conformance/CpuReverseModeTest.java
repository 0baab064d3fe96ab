package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuReverseModeTest extends ReverseModeTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
