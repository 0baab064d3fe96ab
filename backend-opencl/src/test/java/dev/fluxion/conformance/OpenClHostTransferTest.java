package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;

class OpenClHostTransferTest extends HostTransferTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }
}
