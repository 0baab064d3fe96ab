package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClTransformPropertyTest extends TransformPropertyTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
