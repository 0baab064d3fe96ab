package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuViewTest extends ViewTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
