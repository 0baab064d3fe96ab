package dev.fluxion.kernels;

import java.nio.Buffer;

/** Device bytes on their way to host memory of the driver's, queued by {@link Driver#readLater}. */
@FunctionalInterface
public interface PendingCopy {
  /**
   * Waits for the copy, then moves its elements into {@code dst}'s remaining elements (as many as
   * were copied) and gives the host memory back to the driver. Called once.
   *
   * @throws IllegalStateException when the copy, or a kernel queued before it, failed
   */
  void finish(Buffer dst);
}
