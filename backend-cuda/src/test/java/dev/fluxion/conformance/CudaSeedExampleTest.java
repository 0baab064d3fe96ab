package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaSeedExampleTest extends SeedExampleTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
