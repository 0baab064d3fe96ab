package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClLinalgTest extends LinalgTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
