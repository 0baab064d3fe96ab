package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.IndexOutOfRangeException;
import dev.fluxion.spi.View;

/**
 * NumPy's {@code take_along_axis}, the one gather primitive behind {@code take},
 * {@code takeAlongAxis}, {@code get(Tensor)} and {@code mask}: for x and INT64 indices of equal
 * rank that broadcast against each other on every axis but {@code axis},
 * {@code out[o] = x[o with its axis coordinate replaced by index[o]]}. Its VJP scatter-adds the
 * cotangent back ({@link ScatterAddPrim}); its JVP gathers the tangent.
 */
final class GatherPrim extends Prim {
  /** The op the user called (take, get, takeAlongAxis, mask), for error messages. */
  final String op;
  final int axis;
  /** The axis as the user named it (it moves under vmap), for error messages. */
  final int shownAxis;
  /** Whether the indices are known to lie in [−n, n); otherwise they are checked when it runs. */
  final boolean checked;

  GatherPrim(String op, int axis, int shownAxis, boolean checked) {
    this.op = op;
    this.axis = axis;
    this.shownAxis = shownAxis;
    this.checked = checked;
  }

  @Override
  String name() {
    return "take";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] x = in[0].shapeRef();
    long[] idx = in[1].shapeRef();
    if (in[1].dtype() != DType.INT64 || x.length != idx.length || axis >= x.length) {
      throw new IllegalStateException("take: internal error, indices " + in[1].dtype() + Shape.str(idx) + " for shape "
          + Shape.str(x) + " on axis " + axis);
    }
    return new Meta(IndexShapes.gathered("take", x, idx, axis), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View x = in[0];
    if (!checked && !backend.checksIndices()) {
      IndexShapes.checkBounds(backend, in[1], x.shape()[axis], op, shownAxis);
    }
    View out = allocate(backend, m);
    if (out.size() > 0) {
      try {
        backend.gather(IndexShapes.alongAxis(x, m.shape(), axis), expand(in[1], m.shape()), axis, out);
      } catch (IndexOutOfRangeException e) {
        backend.release(out.buffer());
        throw IndexShapes.outOfBounds(op, e.index(), shownAxis, e.size());
      }
    }
    return out;
  }

  /** The VJP routes the cotangent by the indices alone. */
  @Override
  boolean vjpReadsInput(int i) {
    return i == 1;
  }

  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor x = in[0];
    Tensor zeros = Creation.broadcastScalar(0.0, g.dtype(), g.device(), x.shapeRef());
    return new Tensor[] {Dispatcher.apply(new ScatterAddPrim(op, axis, shownAxis, true), zeros, in[1], g), null};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    return Dispatcher.apply(new GatherPrim(op, axis, shownAxis, true), t[0].broadcastTo(in[0].shapeRef()), in[1]);
  }

  /** Both operands get a leading batch axis (size 1 when unbatched: it broadcasts). */
  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = bdims[0] >= 0 ? batchFirst(v[0], bdims[0]) : v[0].expandDims(0);
    Tensor idx = bdims[1] >= 0 ? batchFirst(v[1], bdims[1]) : v[1].expandDims(0);
    return new Batched(Dispatcher.apply(new GatherPrim(op, axis + 1, shownAxis, checked), x, idx), 0);
  }
}
