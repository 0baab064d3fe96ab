package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuIndexingTest extends IndexingTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
