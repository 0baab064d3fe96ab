package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaNnTrainingTest extends NnTrainingTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
