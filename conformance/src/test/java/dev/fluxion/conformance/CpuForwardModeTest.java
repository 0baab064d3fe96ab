package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuForwardModeTest extends ForwardModeTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
