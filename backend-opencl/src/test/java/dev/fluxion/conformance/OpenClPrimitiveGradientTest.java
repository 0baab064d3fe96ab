package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClPrimitiveGradientTest extends PrimitiveGradientTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
