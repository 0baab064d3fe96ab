package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClTorchProgramTest extends TorchProgramTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
