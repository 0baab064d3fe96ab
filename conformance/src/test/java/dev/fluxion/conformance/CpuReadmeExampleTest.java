package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuReadmeExampleTest extends ReadmeExampleTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
