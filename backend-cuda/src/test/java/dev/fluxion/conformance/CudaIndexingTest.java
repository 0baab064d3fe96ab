package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaIndexingTest extends IndexingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
