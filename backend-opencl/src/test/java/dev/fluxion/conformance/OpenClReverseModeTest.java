package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClReverseModeTest extends ReverseModeTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
