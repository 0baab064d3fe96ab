package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClReadmeExampleTest extends ReadmeExampleTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
