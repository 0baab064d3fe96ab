package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClTransformExampleTest extends TransformExampleTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
