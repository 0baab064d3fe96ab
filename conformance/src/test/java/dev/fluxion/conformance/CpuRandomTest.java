package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuRandomTest extends RandomTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
