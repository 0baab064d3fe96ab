package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClReproducibilityTest extends ReproducibilityTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
