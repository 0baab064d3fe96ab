package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuAllOrNothingTest extends AllOrNothingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
