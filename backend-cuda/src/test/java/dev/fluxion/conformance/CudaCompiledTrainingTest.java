package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaCompiledTrainingTest extends CompiledTrainingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
