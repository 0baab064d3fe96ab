package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuReductionTest extends ReductionTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
