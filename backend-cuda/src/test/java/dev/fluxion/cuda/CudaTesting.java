package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;

/**
 * The CUDA device the tests run on. Without one (CI has no GPU) a test is skipped with the exact
 * reason {@code Device.cuda()} gives — except under {@code FLUXION_REQUIRE_CUDA=true}, set on a
 * machine that has a GPU, where it fails: there the CUDA tests must run. In the test run through
 * the host emulation of the driver ({@link EmulationTesting}) the device must open whenever the
 * emulation was built.
 */
public final class CudaTesting {
  /** Environment variable that turns a missing CUDA device into a failure. */
  public static final String REQUIRE = "FLUXION_REQUIRE_CUDA";

  private CudaTesting() {}

  public static Device device() {
    boolean emulated = EmulationTesting.active();
    if (emulated) {
      EmulationTesting.requireBuilt();
    }
    Device device = null;
    String reason = null;
    try {
      device = Device.cuda();
    } catch (DeviceUnavailableException e) {
      reason = "no CUDA device: " + e.getMessage();
    }
    if (device == null && (emulated || "true".equalsIgnoreCase(System.getenv(REQUIRE)))) {
      fail(reason + (emulated ? " (the CUDA emulation is built and must open)" : " (" + REQUIRE + "=true: the CUDA tests must run here)"));
    }
    assumeTrue(device != null, reason);
    return device;
  }
}
