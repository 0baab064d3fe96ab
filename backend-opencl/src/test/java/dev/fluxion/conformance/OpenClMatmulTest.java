package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClMatmulTest extends MatmulTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
