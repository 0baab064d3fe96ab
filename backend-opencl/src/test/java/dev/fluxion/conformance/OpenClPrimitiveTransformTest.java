package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClPrimitiveTransformTest extends PrimitiveTransformTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
