package dev.fluxion.conformance;

import dev.fluxion.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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

  @AfterEach
  void restoreDevice() {
    Device.setDefault(previous);
  }
}
