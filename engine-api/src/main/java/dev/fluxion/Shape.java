package dev.fluxion;

import java.util.Arrays;

/**
 * Shape arithmetic with NumPy's rules. Shapes are {@code long[]} (a 0-d tensor has the empty
 * shape); methods never modify their arguments.
 *
 * <p>Broadcasting: shapes are aligned on their last axes; two sizes are compatible when equal
 * or when one is 1; missing leading axes count as 1. {@code [2, 1, 3]} and {@code [4, 1]}
 * broadcast to {@code [2, 4, 3]}.
 */
public final class Shape {
  private Shape() {}

  /** Number of elements: the product of the sizes (1 for a 0-d shape). */
  public static long size(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** The broadcast shape of two shapes; throws naming the op and both shapes if incompatible. */
  public static long[] broadcast(String op, long[] a, long[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long sa = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long sb = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (sa != sb && sa != 1 && sb != 1) {
        throw new IllegalArgumentException(
            op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
      }
      out[i] = sa == 1 ? sb : sa;
    }
    return out;
  }

  /** Whether {@code from} broadcasts to exactly {@code to}. */
  public static boolean broadcastsTo(long[] from, long[] to) {
    if (from.length > to.length) {
      return false;
    }
    int lead = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[lead + i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code [2, 3]}, or {@code []} for 0-d. */
  public static String str(long[] shape) {
    return Arrays.toString(shape);
  }

  /** Resolves a possibly negative axis; throws naming the op, the axis and the rank. */
  public static int axis(String op, int axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
          + rank + (rank == 0 ? "" : " (valid axes: " + (-rank) + " to " + (rank - 1) + ")"));
    }
    return axis < 0 ? axis + rank : axis;
  }

  /**
   * Resolves axes to a sorted array of distinct non-negative axes; an empty array means all
   * axes. Throws on out-of-range or repeated axes.
   */
  public static int[] axes(String op, int[] axes, int rank) {
    if (axes.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) {
        all[i] = i;
      }
      return all;
    }
    boolean[] seen = new boolean[rank];
    for (int a : axes) {
      int r = axis(op, a, rank);
      if (seen[r]) {
        throw new IllegalArgumentException(op + ": axis " + a + " is repeated in " + Arrays.toString(axes));
      }
      seen[r] = true;
    }
    int[] out = new int[axes.length];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** The shape without the given (sorted) axes, or with them set to 1 when {@code keepDims}. */
  public static long[] reduce(long[] shape, int[] axes, boolean keepDims) {
    boolean[] reduced = new boolean[shape.length];
    for (int a : axes) {
      reduced[a] = true;
    }
    long[] out = new long[keepDims ? shape.length : shape.length - axes.length];
    int k = 0;
    for (int i = 0; i < shape.length; i++) {
      if (!reduced[i]) {
        out[k++] = shape[i];
      } else if (keepDims) {
        out[k++] = 1;
      }
    }
    return out;
  }
}
