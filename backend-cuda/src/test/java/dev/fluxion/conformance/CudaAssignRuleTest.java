package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cuda.CudaTesting;

class CudaAssignRuleTest extends AssignRuleTests {
  @Override
  protected Device device() {
    return CudaTesting.device();
  }
}
