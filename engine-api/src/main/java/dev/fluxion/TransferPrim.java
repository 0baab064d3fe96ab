package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/**
 * A copy to another device (through host memory). Differentiable: the cotangent goes back
 * to the source device. The {@link Dispatcher} runs it, since it touches two devices.
 */
final class TransferPrim extends Prim {
  final Device target;

  TransferPrim(Device target) {
    this.target = target;
  }

  @Override
  String name() {
    return "to(" + target.name() + ")";
  }

  @Override
  Meta infer(Tensor[] in) {
    if (!target.backend().supports(in[0].dtype())) {
      throw new UnsupportedOperationException("to(" + target.name() + "): device " + target.name()
          + " does not support " + in[0].dtype().numpyName() + " (" + target.description() + ")");
    }
    return new Meta(in[0].shape(), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    throw new IllegalStateException("transfers are run by the dispatcher");
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
    return new Tensor[] {g.to(in[0].device())};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : t[0].to(target);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, v[0]), bdims[0]);
  }
}
