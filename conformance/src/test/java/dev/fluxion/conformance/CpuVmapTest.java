package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuVmapTest extends VmapTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
