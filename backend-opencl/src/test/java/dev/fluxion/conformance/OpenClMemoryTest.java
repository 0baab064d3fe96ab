package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClMemoryTest extends MemoryTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
