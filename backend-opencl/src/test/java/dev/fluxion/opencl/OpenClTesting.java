package dev.fluxion.opencl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;

/**
 * The OpenCL device the tests run on. Without one a test is skipped with the reason — except
 * under {@code CI=true}, where it fails: CI must never pass by silently skipping the device.
 */
public final class OpenClTesting {
  private OpenClTesting() {}

  public static Device device() {
    Device device = null;
    String reason = null;
    try {
      device = Device.opencl();
    } catch (DeviceUnavailableException e) {
      reason = "no OpenCL device: " + e.getMessage();
    }
    if (device == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(reason + " (CI=true: the OpenCL tests must run there, install pocl-opencl-icd)");
    }
    assumeTrue(device != null, reason);
    return device;
  }
}
