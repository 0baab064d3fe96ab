package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuNestingTest extends NestingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
