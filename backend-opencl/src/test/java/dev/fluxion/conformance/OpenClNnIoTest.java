package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClNnIoTest extends NnIoTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
