package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/** Conversion to another dtype (floats to integers truncate toward zero, as NumPy's astype). */
final class CastPrim extends Prim {
  final DType to;

  CastPrim(DType to) {
    this.to = to;
  }

  @Override
  String name() {
    return "cast";
  }

  @Override
  Meta infer(Tensor[] in) {
    return new Meta(in[0].shape(), to);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    backend.copy(in[0], out);
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
    return new Tensor[] {in[0].dtype().isFloating() ? g.to(in[0].dtype()) : null};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : t[0].to(to);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, v[0]), bdims[0]);
  }
}
