package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClIndexingTest extends IndexingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
