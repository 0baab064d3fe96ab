package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuTransformPropertyTest extends TransformPropertyTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
