package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuBroadcastingTest extends BroadcastingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
