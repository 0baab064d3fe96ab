package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuInputErrorTest extends InputErrorTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
