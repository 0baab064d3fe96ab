package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuJitTest extends JitTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
