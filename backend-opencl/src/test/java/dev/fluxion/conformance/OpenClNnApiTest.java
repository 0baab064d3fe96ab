package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClNnApiTest extends NnApiTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
