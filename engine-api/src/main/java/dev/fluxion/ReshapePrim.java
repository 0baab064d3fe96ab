package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.Arrays;

/** Reshape to a fully specified shape of the same size: a view when strides allow, else a copy. */
final class ReshapePrim extends Prim {
  final long[] shape;

  ReshapePrim(long[] shape) {
    this.shape = shape;
  }

  @Override
  String name() {
    return "reshape";
  }

  @Override
  Meta infer(Tensor[] in) {
    if (Shape.size(in[0].shape()) != Shape.size(shape)) {
      throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + Shape.str(in[0].shape())
          + " (" + Shape.size(in[0].shape()) + " elements) into shape " + Shape.str(shape)
          + " (" + Shape.size(shape) + " elements)");
    }
    return new Meta(shape, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View x = in[0];
    long[] strides = noCopyStrides(x.shape(), x.strides(), shape);
    if (strides != null) {
      return new View(x.buffer(), shape.clone(), strides, x.offset());
    }
    View dense = View.contiguous(backend.allocate(x.dtype(), x.size()), x.shape());
    backend.copy(x, dense);
    return View.contiguous(dense.buffer(), shape);
  }

  /**
   * Strides that view the same elements in the new shape, or null when a copy is needed
   * (NumPy's "attempt no-copy reshape": groups of old axes must be contiguous among themselves).
   */
  static long[] noCopyStrides(long[] oldShape, long[] oldStrides, long[] newShape) {
    long[] newStrides = new long[newShape.length];
    if (Shape.size(oldShape) == 0) {
      return View.rowMajorStrides(newShape);
    }
    long[] od = new long[oldShape.length];
    long[] os = new long[oldShape.length];
    int oldNd = 0;
    for (int i = 0; i < oldShape.length; i++) {
      if (oldShape[i] != 1) {
        od[oldNd] = oldShape[i];
        os[oldNd++] = oldStrides[i];
      }
    }
    int newNd = newShape.length;
    int oi = 0;
    int oj = 1;
    int ni = 0;
    int nj = 1;
    while (ni < newNd && oi < oldNd) {
      long np = newShape[ni];
      long op = od[oi];
      while (np != op) {
        if (np < op) {
          np *= newShape[nj++];
        } else {
          op *= od[oj++];
        }
      }
      for (int ok = oi; ok < oj - 1; ok++) {
        if (os[ok] != od[ok + 1] * os[ok + 1]) {
          return null;
        }
      }
      newStrides[nj - 1] = os[oj - 1];
      for (int nk = nj - 1; nk > ni; nk--) {
        newStrides[nk - 1] = newStrides[nk] * newShape[nk];
      }
      ni = nj++;
      oi = oj++;
    }
    long last = ni >= 1 ? newStrides[ni - 1] : 1;
    for (int nk = ni; nk < newNd; nk++) {
      newStrides[nk] = last;
    }
    return newStrides;
  }

  /** The VJP needs only the input's shape, dtype or device. */
  @Override
  boolean vjpReadsInput(int i) {
    return false;
  }

  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    return new Tensor[] {g.reshape(in[0].shape())};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : t[0].broadcastTo(in[0].shape()).reshape(shape);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    long[] s = new long[shape.length + 1];
    s[0] = x.shape()[0];
    System.arraycopy(shape, 0, s, 1, shape.length);
    return new Batched(Dispatcher.apply(new ReshapePrim(s), x), 0);
  }

  @Override
  public String toString() {
    return "reshape" + Arrays.toString(shape);
  }
}
