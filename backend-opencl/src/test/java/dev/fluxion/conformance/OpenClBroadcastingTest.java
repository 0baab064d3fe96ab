package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClBroadcastingTest extends BroadcastingTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
