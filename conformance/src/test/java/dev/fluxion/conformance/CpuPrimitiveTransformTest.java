package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuPrimitiveTransformTest extends PrimitiveTransformTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
