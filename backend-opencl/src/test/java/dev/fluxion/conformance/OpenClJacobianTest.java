package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClJacobianTest extends JacobianTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
