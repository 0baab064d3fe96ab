package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuApiTest extends ApiTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
