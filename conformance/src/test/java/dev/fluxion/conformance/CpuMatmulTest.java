package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuMatmulTest extends MatmulTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
