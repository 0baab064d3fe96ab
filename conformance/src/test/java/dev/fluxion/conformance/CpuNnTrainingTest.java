package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuNnTrainingTest extends NnTrainingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
