package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClNnTrainingTest extends NnTrainingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
