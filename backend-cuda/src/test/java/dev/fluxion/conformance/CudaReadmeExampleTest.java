package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaReadmeExampleTest extends ReadmeExampleTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
