package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClApiTest extends ApiTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
