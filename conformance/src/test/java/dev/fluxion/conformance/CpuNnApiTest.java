package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuNnApiTest extends NnApiTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
