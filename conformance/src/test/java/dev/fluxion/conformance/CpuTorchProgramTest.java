package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuTorchProgramTest extends TorchProgramTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
