package dev.fluxion.kernels;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Java arrays as NIO buffers for the drivers: primitive arrays are wrapped without copying;
 * {@code boolean[]} (which has no buffer type) goes through bytes holding 0 or 1, the device's
 * BOOL elements.
 */
final class HostArrays {
  private HostArrays() {}

  /** Elements {@code [offset, offset + count)} of a Java array, as a buffer to copy from. */
  static Buffer source(Object array, int offset, int count) {
    if (array instanceof boolean[] bools) {
      byte[] bytes = new byte[count];
      for (int i = 0; i < count; i++) {
        bytes[i] = (byte) (bools[offset + i] ? 1 : 0);
      }
      return ByteBuffer.wrap(bytes);
    }
    return wrap(array, offset, count);
  }

  /** A buffer to copy into, for elements {@code [offset, offset + count)} of a Java array. */
  static Buffer destination(Object array, int offset, int count) {
    return array instanceof boolean[] ? ByteBuffer.wrap(new byte[count]) : wrap(array, offset, count);
  }

  /** Moves what a read put into a {@link #destination} into the array, where it did not land directly. */
  static void finish(Buffer destination, Object array, int offset, int count) {
    if (array instanceof boolean[] bools) {
      byte[] bytes = ((ByteBuffer) destination).array();
      for (int i = 0; i < count; i++) {
        bools[offset + i] = bytes[i] != 0;
      }
    }
  }

  private static Buffer wrap(Object array, int offset, int count) {
    if (array instanceof double[] a) {
      return DoubleBuffer.wrap(a, offset, count);
    } else if (array instanceof float[] a) {
      return FloatBuffer.wrap(a, offset, count);
    } else if (array instanceof int[] a) {
      return IntBuffer.wrap(a, offset, count);
    } else if (array instanceof long[] a) {
      return LongBuffer.wrap(a, offset, count);
    }
    throw new IllegalArgumentException("not an array of tensor elements: " + (array == null ? "null" : array.getClass().getSimpleName()));
  }
}
