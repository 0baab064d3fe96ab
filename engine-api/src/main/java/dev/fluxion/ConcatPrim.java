package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/** Concatenation along an axis of tensors equal in every other axis and in dtype. */
final class ConcatPrim extends Prim {
  final int axis;

  ConcatPrim(int axis) {
    this.axis = axis;
  }

  @Override
  String name() {
    return "concat";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] first = in[0].shape();
    long total = 0;
    for (Tensor t : in) {
      long[] s = t.shape();
      boolean ok = s.length == first.length;
      for (int d = 0; ok && d < s.length; d++) {
        ok = d == axis || s[d] == first[d];
      }
      if (!ok) {
        throw new IllegalArgumentException("concat: shapes " + Shape.str(first) + " and " + Shape.str(s)
            + " differ outside axis " + axis);
      }
      if (t.dtype() != in[0].dtype()) {
        throw new IllegalStateException("concat: internal error, dtypes were not promoted");
      }
      total += s[axis];
    }
    long[] out = first.clone();
    out[axis] = total;
    return new Meta(out, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    long at = 0;
    for (View v : in) {
      if (v.size() > 0) {
        backend.copy(v, new View(out.buffer(), v.shape(), out.strides(), at * out.strides()[axis]));
      }
      at += v.shape()[axis];
    }
    return out;
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
    Tensor[] grads = new Tensor[in.length];
    long at = 0;
    for (int i = 0; i < in.length; i++) {
      long n = in[i].shape()[axis];
      if (needs[i]) {
        grads[i] = g.slice(axis, at, at + n, 1);
      }
      at += n;
    }
    return grads;
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    Tensor[] parts = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      parts[i] = t[i] == null ? Tensor.zerosLike(in[i]) : t[i].broadcastTo(in[i].shape());
    }
    return Dispatcher.apply(this, parts);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor[] parts = new Tensor[v.length];
    for (int i = 0; i < v.length; i++) {
      if (bdims[i] >= 0) {
        parts[i] = batchFirst(v[i], bdims[i]);
      } else {
        long[] s = new long[v[i].ndim() + 1];
        s[0] = size;
        System.arraycopy(v[i].shape(), 0, s, 1, v[i].ndim());
        parts[i] = v[i].expandDims(0).broadcastTo(s);
      }
    }
    return new Batched(Dispatcher.apply(new ConcatPrim(axis + 1), parts), 0);
  }
}
