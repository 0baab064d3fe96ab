package dev.fluxion.kernels;

import java.util.Arrays;

/**
 * The shape of a launch in OpenCL's terms: global sizes (each a multiple of the local size)
 * and work-group sizes, over one to three axes. A CUDA driver launches
 * {@code global[d] / local[d]} blocks of {@code local[d]} threads.
 */
public record LaunchPlan(long[] global, long[] local) {
  /** Work-items of a one-dimensional kernel's work-group. */
  public static final int LINEAR_GROUP = DriverBackend.REQUIRED_WORK_GROUP;

  public LaunchPlan {
    if (global.length != local.length || global.length < 1 || global.length > 3) {
      throw new IllegalArgumentException("launch over " + global.length + " global and " + local.length + " local axes");
    }
    for (int d = 0; d < global.length; d++) {
      if (local[d] < 1 || global[d] < 1 || global[d] % local[d] != 0) {
        throw new IllegalArgumentException("global size " + Arrays.toString(global) + " is not a positive multiple of local size "
            + Arrays.toString(local));
      }
    }
  }

  /** {@code n} work-items (n > 0) in groups of {@link #LINEAR_GROUP}; the kernel skips the excess. */
  public static LaunchPlan linear(long n) {
    return new LaunchPlan(new long[] {roundUp(n, LINEAR_GROUP)}, new long[] {LINEAR_GROUP});
  }

  /** {@code count} ≥ 1 rounded up to a multiple of {@code step}. */
  public static long roundUp(long count, long step) {
    return (Math.max(1, count) + step - 1) / step * step;
  }

  public int dimensions() {
    return global.length;
  }
}
