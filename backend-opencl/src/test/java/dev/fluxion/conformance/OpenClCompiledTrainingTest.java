package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClCompiledTrainingTest extends CompiledTrainingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
