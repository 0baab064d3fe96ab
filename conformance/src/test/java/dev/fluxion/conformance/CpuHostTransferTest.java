package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuHostTransferTest extends HostTransferTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
