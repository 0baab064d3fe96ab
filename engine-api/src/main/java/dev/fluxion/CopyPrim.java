package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/** A dense copy into new memory; the identity for autodiff. */
final class CopyPrim extends Prim {
  static final CopyPrim INSTANCE = new CopyPrim();

  @Override
  String name() {
    return "copy";
  }

  @Override
  Meta infer(Tensor[] in) {
    return new Meta(in[0].shape(), in[0].dtype());
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
    return new Tensor[] {g};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0];
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, v[0]), bdims[0]);
  }
}
