package dev.fluxion;

import java.util.Arrays;

/**
 * Tensor operations that are compositions of primitives (so they need no backend code and no
 * derivative rule of their own), and the index arithmetic behind the shape methods.
 */
final class Compositions {
  private Compositions() {}

  /**
   * NumPy matmul: 1-d operands become a row or column vector, whose axis is dropped again. The
   * shapes are validated before anything is created, so a failed call leaves nothing behind.
   */
  static Tensor matmul(Tensor a, Tensor b) {
    checkMatmulShapes(a.shapeRef(), b.shapeRef());
    DType t = DType.promote(a.dtype(), b.dtype());
    if (t == DType.BOOL) {
      t = DType.INT64;
    }
    Tensor x = a.to(t);
    Tensor y = b.to(t);
    if (a.ndim() == 1) {
      x = x.expandDims(0);
    }
    if (b.ndim() == 1) {
      y = y.expandDims(1);
    }
    Tensor r = Dispatcher.apply(MatmulPrim.INSTANCE, x, y);
    if (a.ndim() == 1) {
      r = r.squeeze(-2);
    }
    if (b.ndim() == 1) {
      r = r.squeeze(-1);
    }
    return r;
  }

  /** Throws naming both shapes unless {@code a @ b} is defined (contraction and batch axes). */
  private static void checkMatmulShapes(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("matmul: operands must have at least one axis, got shapes "
          + Shape.str(a) + " and " + Shape.str(b) + " (use mul for scalars)");
    }
    long ka = a[a.length - 1];
    long kb = b.length == 1 ? b[0] : b[b.length - 2];
    if (ka != kb) {
      throw new IllegalArgumentException("matmul: shapes " + Shape.str(a) + " and " + Shape.str(b)
          + " are not aligned: " + ka + " != " + kb);
    }
    long[] batchA = Arrays.copyOf(a, Math.max(0, a.length - 2));
    long[] batchB = Arrays.copyOf(b, Math.max(0, b.length - 2));
    try {
      Shape.broadcast("matmul", batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("matmul: the batch axes of shapes " + Shape.str(a) + " and " + Shape.str(b)
          + " cannot be broadcast together (" + Shape.str(batchA) + " vs " + Shape.str(batchB) + ")", e);
    }
  }

  /** Product by pairwise multiplication along the flattened reduced axes. */
  static Tensor prod(Tensor x, boolean keepDims, int[] axes) {
    int rank = x.ndim();
    long[] shape = x.shapeRef();
    int[] perm = new int[rank];
    boolean[] reduced = new boolean[rank];
    for (int a : axes) {
      reduced[a] = true;
    }
    int k = 0;
    long n = 1;
    long[] kept = new long[rank - axes.length];
    for (int i = 0; i < rank; i++) {
      if (!reduced[i]) {
        kept[k] = shape[i];
        perm[k++] = i;
      }
    }
    for (int a : axes) {
      perm[k++] = a;
      n *= shape[a];
    }
    long[] flat = Arrays.copyOf(kept, kept.length + 1);
    flat[kept.length] = n;
    Tensor t = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x;
    t = t.transpose(perm).reshape(flat);
    int last = flat.length - 1;
    if (n == 0) {
      Tensor ones = Creation.broadcastScalar(1.0, t.dtype(), t.device(), kept);
      return keepDims ? ones.reshape(Shape.reduce(shape, axes, true)) : ones;
    }
    while (t.shapeRef()[last] > 1) {
      long m = t.shapeRef()[last];
      if (m % 2 == 1) {
        long[] before = new long[flat.length];
        long[] after = new long[flat.length];
        after[last] = 1;
        t = t.pad(before, after, 1.0);
      }
      t = t.slice(last, 0, Long.MAX_VALUE, 2).mul(t.slice(last, 1, Long.MAX_VALUE, 2));
    }
    Tensor r = t.reshape(kept);
    return keepDims ? r.reshape(Shape.reduce(shape, axes, true)) : r;
  }

  /** {@code m + log Σ e^(x−m)} with m the maximum, held constant (and 0 where it is infinite). */
  static Tensor logsumexp(Tensor x, boolean keepDims, int[] axes) {
    Tensor m = x.max(true, axes).detach();
    Tensor finite = m.sub(m).eq(0.0);
    m = Tensor.where(finite, m, Tensor.zerosLike(m));
    Tensor r = x.sub(m).exp().sum(true, axes).log().add(m);
    return keepDims ? r : r.reshape(Shape.reduce(x.shapeRef(), axes, false));
  }

  /** A shape with one {@code -1} resolved; throws on a second {@code -1} or a size mismatch. */
  static long[] resolveShape(long[] from, long[] to) {
    long known = 1;
    int infer = -1;
    for (int i = 0; i < to.length; i++) {
      if (to[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("reshape: only one -1 is allowed, got " + Shape.str(to));
        }
        infer = i;
      } else if (to[i] < 0) {
        throw new IllegalArgumentException("reshape: negative size " + to[i] + " in " + Shape.str(to));
      } else {
        known *= to[i];
      }
    }
    long total = Shape.size(from);
    long[] out = to.clone();
    if (infer >= 0) {
      if (known == 0 || total % known != 0) {
        throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + Shape.str(from)
            + " (" + total + " elements) into shape " + Shape.str(to));
      }
      out[infer] = total / known;
    }
    if (Shape.size(out) != total) {
      throw new IllegalArgumentException("reshape: cannot reshape a tensor of shape " + Shape.str(from)
          + " (" + total + " elements) into shape " + Shape.str(to) + " (" + Shape.size(out) + " elements)");
    }
    return out;
  }

  static long[] squeezedShape(long[] shape, int[] axes) {
    boolean[] drop = new boolean[shape.length];
    if (axes.length == 0) {
      for (int i = 0; i < shape.length; i++) {
        drop[i] = shape[i] == 1;
      }
    } else {
      for (int a : axes) {
        int r = Shape.axis("squeeze", a, shape.length);
        if (shape[r] != 1) {
          throw new IllegalArgumentException("squeeze: axis " + a + " has size " + shape[r]
              + ", not 1 (shape " + Shape.str(shape) + ")");
        }
        drop[r] = true;
      }
    }
    return java.util.stream.IntStream.range(0, shape.length).filter(i -> !drop[i]).mapToLong(i -> shape[i]).toArray();
  }

  /** Python slice semantics on one axis, as a {@link SlicePrim} view. */
  static Tensor slice(Tensor x, int axis, long start, long stop, long step) {
    long n = x.shapeRef()[axis];
    long[] fc = sliceBounds("slice", n, start, stop, step);
    long first = fc[0];
    long count = fc[1];
    if (first == 0 && count == n && step == 1) {
      return x;
    }
    SlicePrim whole = SlicePrim.whole(x.shapeRef());
    whole.start[axis] = count == 0 ? 0 : first;
    whole.step[axis] = step;
    whole.count[axis] = count;
    return Dispatcher.apply(whole, x);
  }

  /** {@code {first, count}} of Python's {@code [start:stop:step]} on an axis of size n. */
  static long[] sliceBounds(String op, long n, long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException(op + ": step cannot be zero");
    }
    long first;
    long count;
    if (step > 0) {
      first = clamp(start < 0 ? start + n : start, 0, n);
      long end = clamp(stop < 0 ? stop + n : stop, 0, n);
      count = end > first ? (end - first + step - 1) / step : 0;
    } else {
      first = clamp(start < 0 ? start + n : start, -1, n - 1);
      long end = clamp(stop < 0 ? (stop == Long.MIN_VALUE ? -1 : stop + n) : stop, -1, n - 1);
      count = first > end ? (first - end + (-step) - 1) / (-step) : 0;
    }
    return new long[] {first, count};
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Integer indexing of the leading axes. */
  static Tensor get(Tensor x, long[] index) {
    long[] shape = x.shapeRef();
    if (index.length > shape.length) {
      throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length
          + " (shape " + Shape.str(shape) + ")");
    }
    if (index.length == 0) {
      return x;
    }
    SlicePrim s = SlicePrim.whole(shape);
    for (int d = 0; d < index.length; d++) {
      long i = index[d] < 0 ? index[d] + shape[d] : index[d];
      if (i < 0 || i >= shape[d]) {
        throw new IndexOutOfBoundsException("get: index " + index[d] + " is out of bounds for axis " + d
            + " with size " + shape[d] + " (shape " + Shape.str(shape) + ")");
      }
      s.start[d] = i;
      s.count[d] = 1;
    }
    return Dispatcher.apply(s, x).reshape(Arrays.copyOfRange(shape, index.length, shape.length));
  }

  static Tensor concat(int axis, Tensor[] ts) {
    if (ts.length == 0) {
      throw new IllegalArgumentException("concat: needs at least one tensor");
    }
    if (ts[0].ndim() == 0) {
      throw new IllegalArgumentException("concat: zero-dimensional tensors cannot be concatenated (use stack)");
    }
    int a = Shape.axis("concat", axis, ts[0].ndim());
    DType t = ts[0].dtype();
    for (Tensor x : ts) {
      if (x.ndim() != ts[0].ndim()) {
        throw new IllegalArgumentException("concat: all tensors need the same rank, got shapes "
            + Shape.str(ts[0].shapeRef()) + " and " + Shape.str(x.shapeRef()));
      }
      t = DType.promote(t, x.dtype());
    }
    if (ts.length == 1) {
      return ts[0].to(t);
    }
    Tensor[] cast = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      cast[i] = ts[i].to(t);
    }
    return Dispatcher.apply(new ConcatPrim(a), cast);
  }
}
