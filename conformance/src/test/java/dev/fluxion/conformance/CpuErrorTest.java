package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuErrorTest extends ErrorTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
