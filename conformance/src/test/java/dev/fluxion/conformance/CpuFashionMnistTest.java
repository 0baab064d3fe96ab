package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuFashionMnistTest extends FashionMnistTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
