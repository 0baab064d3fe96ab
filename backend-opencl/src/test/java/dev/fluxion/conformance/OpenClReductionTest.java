package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClReductionTest extends ReductionTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
