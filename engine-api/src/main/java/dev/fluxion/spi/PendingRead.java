package dev.fluxion.spi;

/**
 * A copy from a device buffer into a Java array that {@link DeviceBackend#readLater} queued
 * without waiting for it: the elements are in the array once {@link #await} returns.
 */
@FunctionalInterface
public interface PendingRead {
  /** A read that has already completed. */
  PendingRead DONE = () -> {};

  /**
   * Waits until the elements are in the array (at once when they already are); calling it again
   * does nothing.
   *
   * @throws RuntimeException what the device reported for the copy or a kernel queued before it
   */
  void await();
}
