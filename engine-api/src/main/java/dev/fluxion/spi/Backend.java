package dev.fluxion.spi;

import java.util.List;

/**
 * A family of devices (the CPU, OpenCL, CUDA), found with {@link java.util.ServiceLoader}
 * through {@code META-INF/services/dev.fluxion.spi.Backend}. Implementations must load
 * without touching native libraries: a missing driver is reported by
 * {@link #unavailableReason()}, never by an error at class loading.
 */
public interface Backend {
  /** Short name used in device names and on the command line: "cpu", "opencl", "cuda". */
  String name();

  /** Devices of this family that can be opened; empty when the family is unavailable. */
  List<String> deviceDescriptions();

  /** Why no device of this family can be used here, or null when at least one can. */
  String unavailableReason();

  /** Opens device {@code index} (0-based); called once per device by the engine. */
  DeviceBackend open(int index);
}
