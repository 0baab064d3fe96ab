package dev.fluxion.conformance;

import dev.fluxion.Device;

class CpuJacobianTest extends JacobianTests {
  @Override
  protected Device device() {
    return Device.cpu();
  }
}
