package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaMemoryTest extends MemoryTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
