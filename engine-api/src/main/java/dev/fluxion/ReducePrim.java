package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;
import java.util.Locale;

/**
 * {@code sum}, {@code max} and {@code min} over a set of axes (already resolved and sorted),
 * optionally keeping the reduced axes with size 1. The cotangent of {@code sum} is broadcast
 * back; that of {@code max}/{@code min} is shared equally among the elements that attain the
 * extremum (as JAX and PyTorch do).
 */
final class ReducePrim extends Prim {
  final ReduceOp op;
  final int[] axes;
  final boolean keepDims;

  ReducePrim(ReduceOp op, int[] axes, boolean keepDims) {
    if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
      throw new IllegalArgumentException("use ArgReducePrim for " + op);
    }
    this.op = op;
    this.axes = axes;
    this.keepDims = keepDims;
  }

  @Override
  String name() {
    return op.name().toLowerCase(Locale.ROOT);
  }

  @Override
  Meta infer(Tensor[] in) {
    DType t = in[0].dtype();
    if (op == ReduceOp.SUM && !t.isFloating()) {
      t = DType.INT64;
    }
    for (int a : axes) {
      if ((op != ReduceOp.SUM) && in[0].shape()[a] == 0) {
        throw new IllegalArgumentException(name() + ": zero-size axis " + a + " of shape "
            + Shape.str(in[0].shape()) + " has no " + name() + "imum");
      }
    }
    return new Meta(Shape.reduce(in[0].shape(), axes, keepDims), t);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] flat = Shape.reduce(in[0].shape(), axes, false);
    View out = View.contiguous(backend.allocate(m.dtype(), Shape.size(flat)), flat);
    backend.reduce(op, in[0], axes, out);
    return keepDims ? View.contiguous(out.buffer(), m.shape()) : out;
  }

  /** The reduced value reshaped so that it broadcasts against the input. */
  private Tensor kept(Tensor reduced, long[] inShape) {
    return keepDims ? reduced : reduced.reshape(Shape.reduce(inShape, axes, true));
  }

  /** 1 where x attains the extremum, divided by how many elements attain it. */
  private Tensor extremumShare(Tensor x, Tensor out) {
    Tensor hit = x.eq(kept(out, x.shape())).to(x.dtype());
    return hit.div(hit.sum(true, axes));
  }

  /** Sum spreads the cotangent by shape alone; max and min compare against the input. */
  @Override
  boolean vjpReadsInput(int i) {
    return op != ReduceOp.SUM;
  }

  /** max and min compare the input against the result. */
  @Override
  boolean vjpReadsOutput() {
    return op != ReduceOp.SUM;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor x = in[0];
    Tensor spread = kept(g, x.shape()).broadcastTo(x.shape());
    if (op == ReduceOp.SUM) {
      return new Tensor[] {spread};
    }
    return new Tensor[] {spread.mul(extremumShare(x, out))};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    Tensor tx = t[0].broadcastTo(in[0].shape());
    if (op == ReduceOp.SUM) {
      return tx.sum(keepDims, axes);
    }
    return tx.mul(extremumShare(in[0], out)).sum(keepDims, axes);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    return new Batched(Dispatcher.apply(new ReducePrim(op, shifted(axes), keepDims), x), 0);
  }
}
