package dev.fluxion;

import java.util.Arrays;

/** vmap: values carry a batch axis; each op runs once on the whole batch through its batching rule. */
final class BatchLevel extends Level {
  final long size;

  BatchLevel(long size) {
    this.size = size;
  }

  @Override
  String transform() {
    return "vmap";
  }

  Tensor wrap(Tensor value, int bdim) {
    long[] s = value.shapeRef();
    long[] logical = new long[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != bdim) {
        logical[j++] = s[i];
      }
    }
    return new Tensor(new Tracer.Batch(this, value, bdim), logical, value.dtype(), value.device());
  }

  @Override
  Tensor process(Prim p, Tensor[] in, Prim.Meta m) {
    Tensor[] values = new Tensor[in.length];
    int[] bdims = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      if (in[i].tracer instanceof Tracer.Batch b && b.level == this) {
        values[i] = b.value;
        bdims[i] = b.bdim;
      } else {
        values[i] = in[i];
        bdims[i] = -1;
      }
    }
    Prim.Batched r = p.batch(values, bdims, size);
    if (r.bdim() < 0) {
      return r.value();
    }
    Tensor out = wrap(r.value(), r.bdim());
    if (m != null && !Arrays.equals(out.shapeRef(), m.shape())) { // m is null for custom functions
      throw new IllegalStateException("internal error: batching rule of " + p.name() + " gave logical shape "
          + Shape.str(out.shapeRef()) + ", expected " + Shape.str(m.shape()));
    }
    return out;
  }

  /** A function's result with its batch axis at {@code outAxis} (broadcast if it is unbatched). */
  Tensor unwrap(Tensor y, int outAxis) {
    if (y.tracer instanceof Tracer.Batch b && b.level == this) {
      int axis = Shape.axis("vmap", outAxis, b.value.ndim());
      return b.value.moveAxis(b.bdim, axis);
    }
    int axis = Shape.axis("vmap", outAxis, y.ndim() + 1);
    long[] s = new long[y.ndim() + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == axis ? size : y.shapeRef()[j++];
    }
    return y.expandDims(axis).broadcastTo(s);
  }
}
