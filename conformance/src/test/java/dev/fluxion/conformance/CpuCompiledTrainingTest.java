package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuCompiledTrainingTest extends CompiledTrainingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
