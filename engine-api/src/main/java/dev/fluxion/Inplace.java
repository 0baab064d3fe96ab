package dev.fluxion;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * {@link Tensor#assign}: in-place writes. Each bumps the version of the memory it writes, so that
 * a later sweep that needs the old values throws instead of computing a wrong gradient (see
 * {@link Node#checkVersions}); whether a write goes ahead never depends on what the garbage
 * collector has or has not collected.
 */
final class Inplace {
  private Inplace() {}

  static void assign(Tensor target, Tensor value) {
    View dst = writableView("assign", target, value);
    Tensor source = value.tracer != null ? value.tracer.concrete("assign") : value;
    View src = source.liveView("assign");
    if (source.storage() == target.storage()) {
      source = Autodiff.noGrad(source::copy);
      src = source.liveView("assign");
    }
    target.device().backend().copy(src, dst);
    target.storage().bumpVersion();
  }

  /**
   * {@link Fused#assign}: runs a program with its outputs written into {@code targets}. An input
   * sharing memory with a target must be that very view (read before written, element by
   * element); any other overlap is copied first.
   */
  static void assignFused(String op, FusedProgram program, Tensor[] targets, Tensor[] inputs, long[] shape, long[] outShape) {
    View[] out = new View[targets.length];
    long[] each = program.reduction() == null ? shape : Shape.reduce(shape, program.reduction().axes(), false);
    for (int j = 0; j < targets.length; j++) {
      View v = writableView(op, targets[j], outShape, inputs[0].dtype(), inputs[0].device());
      out[j] = Arrays.equals(v.shape(), each) ? v : new View(v.buffer(), each, View.rowMajorStrides(each), v.offset());
      if (out[j] != v && !v.isContiguous()) {
        throw new IllegalArgumentException(op + ": a reduced result is written only into a contiguous target, got a view of"
            + " shape " + Shape.str(v.shape()) + " with strides " + Arrays.toString(v.strides()));
      }
    }
    View[] in = new View[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor source = inputs[i].tracer != null ? inputs[i].tracer.concrete(op) : inputs[i];
      View v = source.liveView(op);
      for (Tensor t : targets) {
        if (source.storage() == t.storage() && !sameView(v, t.liveView(op))) {
          source = Autodiff.noGrad(source::copy);
          v = source.liveView(op);
        }
      }
      in[i] = Prim.expand(v, shape);
    }
    targets[0].device().backend().fused(program, in, out);
    for (Tensor t : targets) {
      t.storage().bumpVersion();
    }
  }

  /** Throws unless {@code target} can take values of this shape, dtype and device in place (changes nothing). */
  static void checkWritable(String op, Tensor target, long[] shape, DType dtype, Device device) {
    writableView(op, target, shape, dtype, device);
  }

  private static View writableView(String op, Tensor target, Tensor value) {
    return writableView(op, target, value.shapeRef(), value.dtype(), value.device());
  }

  /** The target's view after the checks every in-place write makes. */
  private static View writableView(String op, Tensor target, long[] shape, DType dtype, Device device) {
    if (target.tracer != null) {
      throw new IllegalStateException(op + ": cannot write into a tensor traced by " + target.tracer.level);
    }
    if (!Arrays.equals(target.shapeRef(), shape) || target.dtype() != dtype || target.device() != device) {
      throw new IllegalArgumentException(op + ": the value (shape " + Shape.str(shape) + ", "
          + dtype.numpyName() + ", " + device + ") must match the target (shape "
          + Shape.str(target.shapeRef()) + ", " + target.dtype().numpyName() + ", " + target.device() + ")");
    }
    View dst = target.liveView(op);
    if (dst.isImmediate() || hasRepeatedElements(dst)) {
      throw new IllegalArgumentException(op + ": the target (shape " + Shape.str(dst.shape())
          + ") is a broadcast view whose elements share memory; assign into a copy() instead");
    }
    return dst;
  }

  private static boolean sameView(View a, View b) {
    return a.buffer() == b.buffer() && a.offset() == b.offset() && Arrays.equals(a.shape(), b.shape())
        && Arrays.equals(a.strides(), b.strides());
  }

  private static boolean hasRepeatedElements(View v) {
    for (int d = 0; d < v.ndim(); d++) {
      if (v.strides()[d] == 0 && v.shape()[d] > 1) {
        return true;
      }
    }
    return false;
  }
}
