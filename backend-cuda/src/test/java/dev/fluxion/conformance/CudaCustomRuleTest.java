package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaCustomRuleTest extends CustomRuleTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
