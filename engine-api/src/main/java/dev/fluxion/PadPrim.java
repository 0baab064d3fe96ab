package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.View;

/**
 * Constant padding with {@code lo[d]} elements before, {@code hi[d]} after and
 * {@code interior[d]} between neighbours on each axis (XLA's pad), filled with {@code value}:
 * output size {@code lo + hi + n + (n-1)·interior}. Its VJP is a strided slice.
 */
final class PadPrim extends Prim {
  final long[] lo;
  final long[] hi;
  final long[] interior;
  final double value;

  PadPrim(long[] lo, long[] hi, long[] interior, double value) {
    this.lo = lo;
    this.hi = hi;
    this.interior = interior;
    this.value = value;
  }

  @Override
  String name() {
    return "pad";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] s = in[0].shape();
    if (s.length != lo.length) {
      throw new IllegalArgumentException("pad: " + lo.length + " pad widths given for a tensor of rank "
          + s.length + " (shape " + Shape.str(s) + ")");
    }
    long[] out = new long[s.length];
    for (int d = 0; d < s.length; d++) {
      if (lo[d] < 0 || hi[d] < 0 || interior[d] < 0) {
        throw new IllegalArgumentException("pad: widths must be >= 0, got " + lo[d] + " and " + hi[d] + " on axis " + d);
      }
      out[d] = lo[d] + hi[d] + s[d] + Math.max(0, s[d] - 1) * interior[d];
    }
    return new Meta(out, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    backend.fill(FillOp.FULL, out, value);
    long offset = 0;
    long[] strides = new long[lo.length];
    for (int d = 0; d < lo.length; d++) {
      offset += lo[d] * out.strides()[d];
      strides[d] = out.strides()[d] * (interior[d] + 1);
    }
    if (in[0].size() > 0) {
      backend.copy(in[0], new View(out.buffer(), in[0].shape(), strides, offset));
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
    long[] n = in[0].shape();
    long[] step = new long[n.length];
    for (int d = 0; d < n.length; d++) {
      step[d] = interior[d] + 1;
    }
    return new Tensor[] {Dispatcher.apply(new SlicePrim(lo.clone(), step, n.clone()), g)};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    return Dispatcher.apply(new PadPrim(lo, hi, interior, 0.0), t[0].broadcastTo(in[0].shape()));
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    return new Batched(Dispatcher.apply(new PadPrim(prepend(lo), prepend(hi), prepend(interior), value), x), 0);
  }

  private static long[] prepend(long[] a) {
    long[] out = new long[a.length + 1];
    System.arraycopy(a, 0, out, 1, a.length);
    return out;
  }
}
