package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;
import java.util.Locale;

/** {@code argmax}/{@code argmin} along one axis: INT64 indices, constants for autodiff. */
final class ArgReducePrim extends Prim {
  final ReduceOp op;
  final int axis;
  final boolean keepDims;

  ArgReducePrim(ReduceOp op, int axis, boolean keepDims) {
    this.op = op;
    this.axis = axis;
    this.keepDims = keepDims;
  }

  @Override
  String name() {
    return op.name().toLowerCase(Locale.ROOT);
  }

  @Override
  Meta infer(Tensor[] in) {
    if (in[0].shape()[axis] == 0) {
      throw new IllegalArgumentException(name() + ": zero-size axis " + axis + " of shape " + Shape.str(in[0].shape()));
    }
    return new Meta(Shape.reduce(in[0].shape(), new int[] {axis}, keepDims), DType.INT64);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] flat = Shape.reduce(in[0].shape(), new int[] {axis}, false);
    View out = View.contiguous(backend.allocate(DType.INT64, Shape.size(flat)), flat);
    backend.reduce(op, in[0], new int[] {axis}, out);
    return keepDims ? View.contiguous(out.buffer(), m.shape()) : out;
  }

  @Override
  boolean differentiable() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    throw new IllegalStateException(name() + " is not differentiable");
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return null;
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    return new Batched(Dispatcher.apply(new ArgReducePrim(op, axis + 1, keepDims), x), 0);
  }
}
