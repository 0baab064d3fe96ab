package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaRandomTest extends RandomTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
