package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuTransformExampleTest extends TransformExampleTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
