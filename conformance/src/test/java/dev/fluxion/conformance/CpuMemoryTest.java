package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuMemoryTest extends MemoryTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
