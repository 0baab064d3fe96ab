package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuNnIoTest extends NnIoTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
