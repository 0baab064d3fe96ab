package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/**
 * Strided slice of every axis: output index {@code j} on axis {@code d} reads input index
 * {@code start[d] + j*step[d]}, for {@code count[d]} indices (steps may be negative). A view.
 * Its VJP scatters the cotangent into zeros with an interior-padding {@link PadPrim}.
 */
final class SlicePrim extends Prim {
  final long[] start;
  final long[] step;
  final long[] count;

  SlicePrim(long[] start, long[] step, long[] count) {
    this.start = start;
    this.step = step;
    this.count = count;
  }

  /** The identity slice of a shape, to be narrowed on some axes. */
  static SlicePrim whole(long[] shape) {
    long[] st = new long[shape.length];
    long[] sp = new long[shape.length];
    java.util.Arrays.fill(sp, 1);
    return new SlicePrim(st, sp, shape.clone());
  }

  @Override
  String name() {
    return "slice";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] s = in[0].shape();
    if (s.length != start.length) {
      throw new IllegalStateException("slice: internal error, rank " + s.length + " vs " + start.length + " axes");
    }
    for (int d = 0; d < s.length; d++) {
      long last = start[d] + (count[d] - 1) * step[d];
      if (count[d] > 0 && (start[d] < 0 || start[d] >= s[d] || last < 0 || last >= s[d])) {
        throw new IllegalStateException("slice: internal error, axis " + d + " out of bounds");
      }
    }
    return new Meta(count.clone(), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View x = in[0];
    long offset = x.offset();
    long[] strides = new long[start.length];
    for (int d = 0; d < start.length; d++) {
      if (count[d] > 0) {
        offset += start[d] * x.strides()[d];
      }
      strides[d] = x.strides()[d] * step[d];
    }
    return new View(x.buffer(), count.clone(), strides, offset);
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
    int rank = n.length;
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    long[] interior = new long[rank];
    int[] flipAxes = new int[rank];
    int flips = 0;
    for (int d = 0; d < rank; d++) {
      if (count[d] == 0) {
        lo[d] = n[d];
        continue;
      }
      long first = step[d] > 0 ? start[d] : start[d] + (count[d] - 1) * step[d];
      long last = step[d] > 0 ? start[d] + (count[d] - 1) * step[d] : start[d];
      lo[d] = first;
      hi[d] = n[d] - 1 - last;
      interior[d] = Math.abs(step[d]) - 1;
      if (step[d] < 0) {
        flipAxes[flips++] = d;
      }
    }
    Tensor up = flips == 0 ? g : g.flip(java.util.Arrays.copyOf(flipAxes, flips));
    return new Tensor[] {Dispatcher.apply(new PadPrim(lo, hi, interior, 0.0), up)};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : Dispatcher.apply(this, t[0].broadcastTo(in[0].shape()));
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    int r = start.length;
    long[] st = new long[r + 1];
    long[] sp = new long[r + 1];
    long[] ct = new long[r + 1];
    sp[0] = 1;
    ct[0] = x.shape()[0];
    System.arraycopy(start, 0, st, 1, r);
    System.arraycopy(step, 0, sp, 1, r);
    System.arraycopy(count, 0, ct, 1, r);
    return new Batched(Dispatcher.apply(new SlicePrim(st, sp, ct), x), 0);
  }
}
