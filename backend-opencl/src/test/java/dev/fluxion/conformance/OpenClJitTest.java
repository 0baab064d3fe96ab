package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClJitTest extends JitTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
