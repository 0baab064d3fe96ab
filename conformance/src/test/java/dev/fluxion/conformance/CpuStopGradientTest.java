package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuStopGradientTest extends StopGradientTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
