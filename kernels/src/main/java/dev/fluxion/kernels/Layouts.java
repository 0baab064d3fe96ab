package dev.fluxion.kernels;

import java.util.Arrays;

/**
 * Iteration shapes for the kernels' layout structs: size-1 axes are dropped and neighbouring
 * axes merged when every operand is contiguous across them, so that dense data becomes one
 * run (the same rule as the CPU backend's plans).
 */
final class Layouts {
  /** Axes a layout struct holds (MAX_RANK in common.h). */
  static final int MAX_RANK = 8;

  private Layouts() {}

  /**
   * A merged iteration: {@code strides[k]} are operand k's strides along the merged axes. At
   * least one axis: a single element is shape {@code [1]} with stride 1.
   */
  record Merged(long[] shape, long[][] strides) {
    int rank() {
      return shape.length;
    }

    /** Whether operand k walks its elements with stride 1 along a single axis. */
    boolean dense(int k) {
      return shape.length == 1 && (strides[k][0] == 1 || shape[0] == 1);
    }
  }

  /** The iteration of {@code n} elements of operands that are all dense and row-major. */
  static Merged dense(long n, int operands) {
    long[][] ones = new long[operands][];
    for (int k = 0; k < operands; k++) {
      ones[k] = new long[] {1};
    }
    return new Merged(new long[] {n}, ones);
  }

  /** Merges the axes of {@code shape} for operands with the given strides (one array per operand). */
  static Merged merge(long[] shape, long[]... strides) {
    int ops = strides.length;
    long[] dims = new long[shape.length];
    long[][] st = new long[ops][shape.length];
    int r = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) {
        continue;
      }
      boolean merge = r > 0;
      for (int k = 0; merge && k < ops; k++) {
        merge = st[k][r - 1] == shape[d] * strides[k][d];
      }
      if (merge) {
        dims[r - 1] *= shape[d];
        for (int k = 0; k < ops; k++) {
          st[k][r - 1] = strides[k][d];
        }
      } else {
        dims[r] = shape[d];
        for (int k = 0; k < ops; k++) {
          st[k][r] = strides[k][d];
        }
        r++;
      }
    }
    if (r == 0) {
      return dense(1, ops);
    }
    long[][] out = new long[ops][];
    for (int k = 0; k < ops; k++) {
      out[k] = Arrays.copyOf(st[k], r);
    }
    return new Merged(Arrays.copyOf(dims, r), out);
  }

  /** Refuses iterations the layout structs cannot hold. */
  static void checkRank(Merged m, String op, long[] shape) {
    if (m.rank() > MAX_RANK) {
      throw new UnsupportedOperationException(op + ": the views of shape " + Arrays.toString(shape) + " need " + m.rank()
          + " axes after merging, more than the " + MAX_RANK + " the device kernels index");
    }
  }

  /** Appends {@code values} padded with zeros to {@link #MAX_RANK} words. */
  static int put(long[] words, int at, long[] values) {
    System.arraycopy(values, 0, words, at, values.length);
    return at + MAX_RANK;
  }
}
