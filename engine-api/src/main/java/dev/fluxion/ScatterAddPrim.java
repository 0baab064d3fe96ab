package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.IndexOutOfRangeException;
import dev.fluxion.spi.View;

/**
 * Scatter-add along one axis, the transpose of {@link GatherPrim} and the primitive behind
 * {@code scatterAdd} and {@code indexAdd}: inputs {@code (base, index, src)} of equal rank, index
 * INT64; index and src broadcast to an iteration shape O (with base too on every axis but
 * {@code axis}), and {@code out = base} with {@code out[o with its axis coordinate replaced by
 * index[o]] += src[o]} for every o of O. An axis where base has size 1 and O does not sums those
 * positions into one element (NumPy's {@code add.at}). The VJP passes the cotangent to base and
 * gathers it for src; the JVP scatters the tangents (it is linear in base and src).
 */
final class ScatterAddPrim extends Prim {
  /** The op the user called (scatterAdd, indexAdd), for error messages. */
  final String op;
  final int axis;
  /** The axis as the user named it (it moves under vmap), for error messages. */
  final int shownAxis;
  /** Whether the indices are known to lie in [−n, n); otherwise they are checked when it runs. */
  final boolean checked;

  ScatterAddPrim(String op, int axis, int shownAxis, boolean checked) {
    this.op = op;
    this.axis = axis;
    this.shownAxis = shownAxis;
    this.checked = checked;
  }

  @Override
  String name() {
    return "scatterAdd";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] base = in[0].shapeRef();
    if (in[1].dtype() != DType.INT64 || in[2].dtype() != in[0].dtype() || in[0].dtype() == DType.BOOL
        || in[1].ndim() != base.length || in[2].ndim() != base.length || axis >= base.length) {
      throw new IllegalStateException("scatterAdd: internal error, operands " + in[0].dtype() + Shape.str(base) + ", "
          + in[1].dtype() + Shape.str(in[1].shapeRef()) + ", " + in[2].dtype() + Shape.str(in[2].shapeRef()) + " on axis " + axis);
    }
    iteration(in[0].shapeRef(), in[1].shapeRef(), in[2].shapeRef());
    return new Meta(base, in[0].dtype());
  }

  /** The iteration shape O; throws naming the shapes when they do not fit together. */
  private long[] iteration(long[] base, long[] index, long[] src) {
    return IndexShapes.scattered("scatterAdd", base, index, src, axis);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] o = iteration(in[0].shape(), in[1].shape(), in[2].shape());
    if (!checked && !backend.checksIndices()) {
      IndexShapes.checkBounds(backend, in[1], m.shape()[axis], op, shownAxis);
    }
    View out = allocate(backend, m);
    if (out.size() > 0) {
      backend.copy(in[0], out);
    }
    if (Shape.size(o) > 0) {
      try {
        backend.scatterAdd(expand(in[1], o), expand(in[2], o), axis, IndexShapes.alongAxis(out, o, axis));
      } catch (IndexOutOfRangeException e) {
        backend.release(out.buffer());
        throw IndexShapes.outOfBounds(op, e.index(), shownAxis, e.size());
      }
    }
    return out;
  }

  /** Only src's cotangent needs a gather, by the indices. */
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
    Tensor src = null;
    if (needs[2]) {
      long[] o = iteration(in[0].shapeRef(), in[1].shapeRef(), in[2].shapeRef());
      Tensor gathered = Dispatcher.apply(new GatherPrim(op, axis, shownAxis, true), g.broadcastTo(in[0].shapeRef()), in[1]);
      src = Tape.sumTo(gathered.broadcastTo(o), in[2].shapeRef());
    }
    return new Tensor[] {needs[0] ? g : null, null, src};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[2] == null) {
      return t[0];
    }
    Tensor base = t[0] != null ? t[0].broadcastTo(in[0].shapeRef())
        : Creation.broadcastScalar(0.0, out.dtype(), out.device(), in[0].shapeRef());
    return Dispatcher.apply(new ScatterAddPrim(op, axis, shownAxis, true), base, in[1], t[2].broadcastTo(in[2].shapeRef()));
  }

  /**
   * Every operand gets a leading batch axis: base is broadcast to the batch (each member gets its
   * own result), index and src get size 1 when unbatched (they broadcast).
   */
  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor base;
    if (bdims[0] >= 0) {
      base = batchFirst(v[0], bdims[0]);
    } else {
      long[] s = new long[v[0].ndim() + 1];
      s[0] = size;
      System.arraycopy(v[0].shapeRef(), 0, s, 1, v[0].ndim());
      base = v[0].expandDims(0).broadcastTo(s);
    }
    Tensor idx = bdims[1] >= 0 ? batchFirst(v[1], bdims[1]) : v[1].expandDims(0);
    Tensor src = bdims[2] >= 0 ? batchFirst(v[2], bdims[2]) : v[2].expandDims(0);
    return new Batched(Dispatcher.apply(new ScatterAddPrim(op, axis + 1, shownAxis, checked), base, idx, src), 0);
  }
}
