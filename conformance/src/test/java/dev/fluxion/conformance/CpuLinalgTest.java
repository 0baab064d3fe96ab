package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuLinalgTest extends LinalgTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
