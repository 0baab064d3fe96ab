package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/** {@code broadcast_to}: a view with stride 0 on new and size-1 axes. Its VJP sums them back. */
final class ExpandPrim extends Prim {
  final long[] shape;

  ExpandPrim(long[] shape) {
    this.shape = shape;
  }

  @Override
  String name() {
    return "broadcastTo";
  }

  @Override
  Meta infer(Tensor[] in) {
    if (!Shape.broadcastsTo(in[0].shape(), shape)) {
      throw new IllegalArgumentException("broadcastTo: a tensor of shape " + Shape.str(in[0].shape())
          + " cannot be broadcast to shape " + Shape.str(shape));
    }
    return new Meta(shape, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    return expand(in[0], shape);
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
    return new Tensor[] {Tape.sumTo(g, in[0].shape())};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : t[0].broadcastTo(shape);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = alignBatched(v[0], bdims[0], shape.length);
    long[] s = new long[shape.length + 1];
    s[0] = x.shape()[0];
    System.arraycopy(shape, 0, s, 1, shape.length);
    return new Batched(Dispatcher.apply(new ExpandPrim(s), x), 0);
  }
}
