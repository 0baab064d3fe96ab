package dev.fluxion;

import dev.fluxion.spi.View;
import java.util.Arrays;

/** {@link Tensor#assign}: in-place writes, checked so that no recorded gradient is corrupted. */
final class Inplace {
  private Inplace() {}

  static void assign(Tensor target, Tensor value) {
    if (target.tracer != null) {
      throw new IllegalStateException("assign: cannot write into a tensor traced by " + target.tracer.level);
    }
    if (!Arrays.equals(target.shapeRef(), value.shapeRef()) || target.dtype() != value.dtype()
        || target.device() != value.device()) {
      throw new IllegalArgumentException("assign: the value (shape " + Shape.str(value.shapeRef()) + ", "
          + value.dtype().numpyName() + ", " + value.device() + ") must match the target (shape "
          + Shape.str(target.shapeRef()) + ", " + target.dtype().numpyName() + ", " + target.device() + ")");
    }
    View dst = target.liveView("assign");
    if (dst.isImmediate() || hasRepeatedElements(dst)) {
      throw new IllegalArgumentException("assign: the target (shape " + Shape.str(dst.shape())
          + ") is a broadcast view whose elements share memory; assign into a copy() instead");
    }
    Node pending = target.storage().pendingSaver();
    if (pending != null) {
      throw new IllegalStateException("assign: this tensor (shape " + Shape.str(target.shapeRef())
          + ") or a view of its memory was saved by '" + pending.name() + "' for a backward() that has not"
          + " run yet; run backward() first, or compute with Autodiff.noGrad or detach() when no gradient is wanted");
    }
    Tensor source = value.tracer != null ? value.tracer.concrete("assign") : value;
    View src = source.liveView("assign");
    if (source.storage() == target.storage()) {
      source = Autodiff.noGrad(source::copy);
      src = source.liveView("assign");
    }
    target.device().backend().copy(src, dst);
    target.storage().bumpVersion();
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
