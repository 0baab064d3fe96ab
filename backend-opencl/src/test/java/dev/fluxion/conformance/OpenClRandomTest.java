package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClRandomTest extends RandomTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
