package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClFashionMnistTest extends FashionMnistTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
