package dev.fluxion.spi;

import dev.fluxion.DType;
import java.util.Arrays;

/**
 * A strided window on a {@link Buffer}: element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...} (in elements). A stride of 0 repeats
 * an element along an axis (broadcasting); a negative stride walks backward (flip).
 * Reshape, permute, expand, slice and flip make new views; only kernels that need dense
 * data get a copy.
 */
public final class View {
  private final Buffer buffer;
  private final long[] shape;
  private final long[] strides;
  private final long offset;

  public View(Buffer buffer, long[] shape, long[] strides, long offset) {
    if (shape.length != strides.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides) + " differ in rank");
    }
    this.buffer = buffer;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  /** A dense row-major view of the first {@code product(shape)} elements of a buffer. */
  public static View contiguous(Buffer buffer, long[] shape) {
    return new View(buffer, shape.clone(), rowMajorStrides(shape), 0);
  }

  public static long[] rowMajorStrides(long[] shape) {
    long[] strides = new long[shape.length];
    long s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    return strides;
  }

  public Buffer buffer() {
    return buffer;
  }

  public DType dtype() {
    return buffer.dtype();
  }

  /** The shape (do not modify the array). */
  public long[] shape() {
    return shape;
  }

  /** The strides in elements (do not modify the array). */
  public long[] strides() {
    return strides;
  }

  public long offset() {
    return offset;
  }

  public int ndim() {
    return shape.length;
  }

  public long size() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  public boolean isImmediate() {
    return buffer instanceof ImmediateBuffer;
  }

  /** True when the elements are dense and row-major (sizes-1 axes may have any stride). */
  public boolean isContiguous() {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && strides[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  @Override
  public String toString() {
    return "View" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " +" + offset
        + " of " + buffer.dtype().numpyName();
  }
}
