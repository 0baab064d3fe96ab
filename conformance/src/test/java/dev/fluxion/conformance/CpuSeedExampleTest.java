package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuSeedExampleTest extends SeedExampleTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
