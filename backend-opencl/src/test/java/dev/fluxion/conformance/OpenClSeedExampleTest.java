package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClSeedExampleTest extends SeedExampleTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
