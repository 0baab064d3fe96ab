package dev.fluxion.conformance;

import dev.fluxion.Device;
import dev.fluxion.cpu.CpuBackend;
import dev.fluxion.spi.DeviceBackend;

/** The CPU's fused kernels against its own op-by-op loops. */
class CpuFusedProgramTest extends FusedProgramTests {
  private static final DeviceBackend BACKEND = new CpuBackend().open(0);

  @Override
  protected Device device() {
    return Device.cpu();
  }

  @Override
  protected DeviceBackend fusedBackend() {
    return BACKEND;
  }
}
