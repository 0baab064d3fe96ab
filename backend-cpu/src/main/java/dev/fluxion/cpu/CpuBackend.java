package dev.fluxion.cpu;

import dev.fluxion.spi.Backend;
import dev.fluxion.spi.DeviceBackend;
import java.util.List;

/** The CPU family: always available, one device. */
public final class CpuBackend implements Backend {
  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public List<String> deviceDescriptions() {
    return List.of(CpuDevice.describe());
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  @Override
  public DeviceBackend open(int index) {
    if (index != 0) {
      throw new IllegalArgumentException("there is one CPU device, index 0; got " + index);
    }
    return new CpuDevice();
  }
}
