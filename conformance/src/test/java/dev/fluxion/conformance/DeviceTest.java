package dev.fluxion.conformance;

import dev.fluxion.Device;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Base of the conformance suite (EJML style): each abstract test class is written once against
 * the default device, and one concrete subclass per backend names the device. A device that is
 * missing makes its subclass skip with an assumption that says why.
 */
public abstract class DeviceTest {
  private Device previous;

  /** The device every tensor of the test is created on. */
  protected abstract Device device();

  @BeforeEach
  void useDevice() {
    previous = Device.defaultDevice();
    Device.setDefault(device());
  }

  /**
   * The suite's device is open and the default while a test runs. Also makes a suite whose tests
   * are all factories report a missing device as a skipped test with the reason (an aborted
   * factory alone is counted as no test at all).
   */
  @Test
  void theSuitesDeviceIsTheDefault() {
    assertEquals(device(), Device.defaultDevice());
  }

  @AfterEach
  void restoreDevice() {
    Device.setDefault(previous);
  }
}
