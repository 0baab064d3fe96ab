package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;

/** Shape rules, views and the bounds check shared by {@link GatherPrim} and {@link ScatterAddPrim}. */
final class IndexShapes {
  private IndexShapes() {}

  /**
   * The shape of {@code take_along_axis(x, index, axis)}: x and index broadcast on every axis
   * but {@code axis}, which has the index's extent.
   */
  static long[] gathered(String op, long[] x, long[] index, int axis) {
    long[] out = new long[x.length];
    for (int d = 0; d < x.length; d++) {
      if (d == axis) {
        out[d] = index[d];
      } else if (x[d] == index[d] || x[d] == 1 || index[d] == 1) {
        out[d] = x[d] == 1 ? index[d] : x[d];
      } else {
        throw new IllegalArgumentException(op + ": indices of shape " + Shape.str(index) + " do not broadcast against shape "
            + Shape.str(x) + " on axis " + d + " (" + index[d] + " vs " + x[d] + "); only axis " + axis + " may differ");
      }
    }
    return out;
  }

  /**
   * The iteration shape of a scatter-add: index and src broadcast together on every axis, and
   * with base on every axis but {@code axis}.
   */
  static long[] scattered(String op, long[] base, long[] index, long[] src, int axis) {
    long[] o;
    try {
      o = Shape.broadcast(op, index, src).clone();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": values of shape " + Shape.str(src) + " do not broadcast against indices of shape "
          + Shape.str(index), e);
    }
    for (int d = 0; d < base.length; d++) {
      if (d != axis && base[d] != o[d] && base[d] != 1 && o[d] != 1) {
        throw new IllegalArgumentException(op + ": indices of shape " + Shape.str(index) + " and values of shape " + Shape.str(src)
            + " do not fit shape " + Shape.str(base) + " on axis " + d + " (" + o[d] + " vs " + base[d] + "); only axis " + axis
            + " may differ");
      }
      if (d != axis && o[d] == 1) {
        o[d] = base[d];
      }
    }
    return o;
  }

  /**
   * A view of {@code v} with the iteration shape {@code o} on every axis but {@code axis}, where
   * it keeps its own extent: stride 0 on the axes where v has size 1 and o does not.
   */
  static View alongAxis(View v, long[] o, int axis) {
    long[] shape = o.clone();
    long[] strides = v.strides().clone();
    shape[axis] = v.shape()[axis];
    for (int d = 0; d < o.length; d++) {
      if (d != axis && v.shape()[d] != o[d]) {
        strides[d] = 0;
      }
    }
    return new View(v.buffer(), shape, strides, v.offset());
  }

  /**
   * Throws {@link IndexOutOfBoundsException} naming the op, an offending index, the axis and its
   * size unless every index lies in [−n, n) (NumPy's rule). Reads the minimum and maximum only.
   */
  static void checkBounds(DeviceBackend backend, View index, long n, String op, int axis) {
    if (index.size() == 0) {
      return;
    }
    long lo;
    long hi;
    if (index.buffer() instanceof ImmediateBuffer imm) {
      lo = (long) imm.value();
      hi = lo;
    } else {
      View flat = index.ndim() == 0 ? new View(index.buffer(), new long[] {1}, new long[] {1}, index.offset()) : index;
      int[] all = new int[flat.ndim()];
      for (int d = 0; d < all.length; d++) {
        all[d] = d;
      }
      Buffer b = backend.allocate(index.dtype(), 2);
      try {
        backend.reduce(ReduceOp.MIN, flat, all, new View(b, new long[0], new long[0], 0));
        backend.reduce(ReduceOp.MAX, flat, all, new View(b, new long[0], new long[0], 1));
        Object host = Host.newArray(index.dtype(), 2);
        backend.read(b, 0, host, 0, 2);
        double[] v = Host.toDoubles(host);
        lo = (long) v[0];
        hi = (long) v[1];
      } finally {
        backend.release(b);
      }
    }
    long bad = hi >= n ? hi : lo < -n ? lo : 0;
    if (hi >= n || lo < -n) {
      throw outOfBounds(op, bad, axis, n);
    }
  }

  static IndexOutOfBoundsException outOfBounds(String op, long index, int axis, long n) {
    return new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for axis " + axis + " with size " + n);
  }
}
