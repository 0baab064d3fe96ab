package dev.fluxion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy's advanced indexing as compositions of {@link GatherPrim} and {@link ScatterAddPrim}
 * (and of where, slice and concat for setitem): integer arrays along an axis, boolean masks,
 * scatter-add, and MyGrad's setitem as a differentiable op. Every argument is validated before
 * anything is created, so a call that throws leaves nothing behind.
 *
 * <p>Indices follow NumPy: a negative index counts from the end, and one outside [−n, n) throws
 * {@link IndexOutOfBoundsException} naming the index, the axis and its size. Concrete indices are
 * checked when the op is called (reading their minimum and maximum); indices batched by vmap are
 * checked when the batched op runs.
 */
final class Indexing {
  private Indexing() {}

  // ---- gathers ----

  /** {@code take}: out has shape {@code x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]}. */
  static Tensor take(String op, Tensor x, int axis, Tensor indices) {
    requireIndices(op, indices);
    requireSameDevice(op, x, indices);
    int a = axisOf(op, x, axis);
    long[] s = x.shapeRef();
    boolean checked = checkBounds(op, indices, s[a], a);
    long[] i = indices.shapeRef();
    Operands made = new Operands();
    Tensor xs = made.derive(x, x.reshape(withAxisSpread(s, a, i.length)));
    Tensor i64 = made.derive(indices, indices.to(DType.INT64));
    Tensor is = made.derive(i64, i64.reshape(spread(s.length, a, i)));
    Tensor g = made.apply(new GatherPrim(op, a, a, checked), xs, is);
    return i.length == 0 ? g.squeeze(a) : g;
  }

  /** NumPy's {@code take_along_axis}. */
  static Tensor takeAlongAxis(Tensor x, int axis, Tensor indices) {
    String op = "takeAlongAxis";
    requireIndices(op, indices);
    requireSameDevice(op, x, indices);
    int a = axisOf(op, x, axis);
    requireSameRank(op, x, indices, "take");
    IndexShapes.gathered(op, x.shapeRef(), indices.shapeRef(), a);
    boolean checked = checkBounds(op, indices, x.shapeRef()[a], a);
    Operands made = new Operands();
    return made.apply(new GatherPrim(op, a, a, checked), x, made.derive(indices, indices.to(DType.INT64)));
  }

  /** {@code x[cond]} for a BOOL cond of x's shape or of its leading axes: shape {@code [count] ++ rest}. */
  static Tensor mask(String op, Tensor x, Tensor cond) {
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(op + ": the mask must be a bool tensor, got " + cond.dtype().numpyName()
          + " of shape " + Shape.str(cond.shapeRef()) + " (use take or get for integer indices)");
    }
    requireSameDevice(op, x, cond);
    int k = requireLeadingShape(op, x, cond);
    boolean[] c = (boolean[]) concrete(op, cond, "the number of selected elements",
        "use Tensor.where(cond, x, 0), whose shape does not depend on the values").hostArray(op);
    long[] rest = Arrays.copyOfRange(x.shapeRef(), k, x.ndim());
    long[] positions = positions(c);
    Tensor idx = Creation.host(positions, spread(1 + rest.length, 0, new long[] {positions.length}), DType.INT64, x.device(), false);
    Tensor rows = x.reshape(prepend(c.length, rest));
    return Dispatcher.apply(new GatherPrim(op, 0, 0, true), rows, idx);
  }

  // ---- scatters ----

  /** {@code x} with {@code src} added at {@code indices} along {@code axis} (PyTorch's scatter_add). */
  static Tensor scatterAdd(Tensor x, int axis, Tensor indices, Tensor src) {
    String op = "scatterAdd";
    requireIndices(op, indices);
    requireSameDevice(op, x, indices);
    requireSameDevice(op, x, src);
    requireAddable(op, x, src);
    int a = axisOf(op, x, axis);
    requireSameRank(op, x, indices, "index");
    if (src.ndim() > x.ndim()) {
      throw new IllegalArgumentException(op + ": values of shape " + Shape.str(src.shapeRef()) + " have more axes than shape "
          + Shape.str(x.shapeRef()));
    }
    long[] srcShape = prependOnes(src.shapeRef(), x.ndim());
    IndexShapes.scattered(op, x.shapeRef(), indices.shapeRef(), srcShape, a);
    boolean checked = checkBounds(op, indices, x.shapeRef()[a], a);
    Operands made = new Operands();
    Tensor values = made.derive(src, src.to(x.dtype()));
    return made.apply(new ScatterAddPrim(op, a, a, checked), x, made.derive(indices, indices.to(DType.INT64)),
        made.derive(values, values.reshape(srcShape)));
  }

  /**
   * {@code x} with {@code src} added at {@code indices} along {@code axis} (PyTorch's index_add):
   * src broadcasts to {@code x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]}.
   */
  static Tensor indexAdd(Tensor x, int axis, Tensor indices, Tensor src) {
    String op = "indexAdd";
    requireIndices(op, indices);
    requireSameDevice(op, x, indices);
    requireSameDevice(op, x, src);
    requireAddable(op, x, src);
    int a = axisOf(op, x, axis);
    long[] s = x.shapeRef();
    long[] i = indices.shapeRef();
    long[] target = replaceAxis(s, a, i);
    if (!Shape.broadcastsTo(src.shapeRef(), target)) {
      throw new IllegalArgumentException(op + ": values of shape " + Shape.str(src.shapeRef()) + " do not broadcast to shape "
          + Shape.str(target) + " (shape " + Shape.str(s) + " with axis " + a + " replaced by the indices' shape " + Shape.str(i) + ")");
    }
    boolean checked = checkBounds(op, indices, s[a], a);
    Operands made = new Operands();
    Tensor cast = made.derive(src, src.to(x.dtype()));
    Tensor values = made.derive(cast, cast.reshape(prependOnes(src.shapeRef(), target.length)));
    if (i.length == 0) {
      values = made.derive(values, values.expandDims(a));
    }
    Tensor i64 = made.derive(indices, indices.to(DType.INT64));
    Tensor r = made.apply(new ScatterAddPrim(op, a, a, checked), made.derive(x, x.reshape(withAxisSpread(s, a, i.length))),
        made.derive(i64, i64.reshape(spread(s.length, a, i))), values);
    return r.reshape(s);
  }

  // ---- setitem ----

  /** MyGrad's {@code x[i, j, ...] = value} on the leading axes, as an op. */
  static Tensor set(Tensor x, long[] index, Tensor value) {
    String op = "set";
    long[] s = x.shapeRef();
    if (index.length > s.length) {
      throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank " + s.length
          + " (shape " + Shape.str(s) + ")");
    }
    long[] at = new long[index.length];
    for (int d = 0; d < index.length; d++) {
      at[d] = index[d] < 0 ? index[d] + s[d] : index[d];
      if (at[d] < 0 || at[d] >= s[d]) {
        throw IndexShapes.outOfBounds(op, index[d], d, s[d]);
      }
    }
    requireSameDevice(op, x, value);
    long[] region = Arrays.copyOfRange(s, index.length, s.length);
    requireBroadcast(op, value, region, "the indexed region", " (shape " + Shape.str(s) + ", index " + Arrays.toString(index) + ")");
    Tensor v = value.to(x.dtype());
    boolean copied = false;
    for (int d = 0; d < at.length; d++) {
      copied |= s[d] > 1;
    }
    Tensor r = setLeading(x, at, 0, v);
    return copied ? r : r.copy();
  }

  /** Rows {@code at[d]} of axis 0 replaced, recursively, by concatenation (one copy of x). */
  private static Tensor setLeading(Tensor t, long[] at, int d, Tensor v) {
    if (d == at.length) {
      return v.broadcastTo(t.shapeRef());
    }
    long i = at[d];
    long n = t.shapeRef()[0];
    Tensor row = setLeading(t.get(i), at, d + 1, v).expandDims(0);
    return concatNonEmpty(0, t.slice(0, 0, i), row, t.slice(0, i + 1, n));
  }

  /** {@code x[start:stop:step] = value} along one axis (Python's slice rules), as an op. */
  static Tensor set(Tensor x, int axis, long start, long stop, long step, Tensor value) {
    String op = "set";
    int a = axisOf(op, x, axis);
    long n = x.shapeRef()[a];
    long[] fc = Compositions.sliceBounds(op, n, start, stop, step);
    long first = fc[0];
    long count = fc[1];
    requireSameDevice(op, x, value);
    long[] region = x.shape();
    region[a] = count;
    requireBroadcast(op, value, region, "the slice", " (shape " + Shape.str(x.shapeRef()) + ", axis " + a + ", ["
        + start + ":" + stop + ":" + step + "])");
    Tensor v = value.to(x.dtype()).broadcastTo(region);
    if (count == 0) {
      return x.copy();
    }
    if (Math.abs(step) == 1) {
      long lo = step > 0 ? first : first - count + 1;
      Tensor middle = step > 0 ? v : v.flip(a);
      Tensor r = concatNonEmpty(a, x.slice(a, 0, lo), middle, x.slice(a, lo + count, n));
      return count == n ? r.copy() : r;
    }
    long[] map = identity(n);
    for (long k = 0; k < count; k++) {
      map[(int) (first + k * step)] = n + k;
    }
    return select(x, v, a, map);
  }

  /**
   * {@code x[indices] = value}: integer indices along axis 0 (a repeated index takes the last of its
   * values, as in NumPy), or a BOOL mask of x's shape or of its leading axes.
   */
  static Tensor set(Tensor x, Tensor indices, Tensor value) {
    return indices.dtype() == DType.BOOL ? setMasked(x, indices, value) : setRows(x, indices, value);
  }

  private static Tensor setMasked(Tensor x, Tensor cond, Tensor value) {
    String op = "set";
    requireSameDevice(op, x, cond);
    requireSameDevice(op, x, value);
    int k = requireLeadingShape(op, x, cond);
    long[] rest = Arrays.copyOfRange(x.shapeRef(), k, x.ndim());
    boolean same = Shape.broadcastsTo(value.shapeRef(), rest);
    if (same && cond.tracer != null && !cond.tracer.hasConcreteValue()) {
      // the mask's values are unknown (vmap), but one value for every element needs no count
      return Tensor.where(cond.reshape(concat(cond.shapeRef(), ones(rest.length))), value.to(x.dtype()), x);
    }
    boolean[] c = (boolean[]) concrete(op, cond, "the number of masked elements, which the value's first axis must match,",
        "give a value that broadcasts to the trailing shape " + Shape.str(rest) + ", which needs no count").hostArray(op);
    long[] positions = positions(c);
    long[] target = prepend(positions.length, rest);
    requireBroadcast(op, value, target, "the " + positions.length + " masked positions", "");
    if (positions.length == 0) {
      return x.copy();
    }
    long[] map = identity(c.length);
    for (int p = 0; p < positions.length; p++) {
      map[(int) positions[p]] = c.length + (same ? 0 : p);
    }
    Tensor rows = x.reshape(prepend(c.length, rest));
    return select(rows, values(value.to(x.dtype()), same, target, rest), 0, map).reshape(x.shapeRef());
  }

  private static Tensor setRows(Tensor x, Tensor indices, Tensor value) {
    String op = "set";
    requireIndices(op, indices);
    requireSameDevice(op, x, indices);
    requireSameDevice(op, x, value);
    axisOf(op, x, 0);
    long n = x.shapeRef()[0];
    long[] rest = Arrays.copyOfRange(x.shapeRef(), 1, x.ndim());
    long[] target = concat(indices.shapeRef(), rest);
    requireBroadcast(op, value, target, "the indexed rows", " (indices of shape " + Shape.str(indices.shapeRef()) + ")");
    double[] idx = Host.toDoubles(concrete(op, indices, "which rows are written",
        "use Tensor.where with a mask, or pass the indices from outside the transform").hostArray(op));
    boolean same = Shape.broadcastsTo(value.shapeRef(), rest);
    long[] map = identity(n);
    for (int p = 0; p < idx.length; p++) {
      long i = (long) idx[p];
      long w = i < 0 ? i + n : i;
      if (w < 0 || w >= n) {
        throw IndexShapes.outOfBounds(op, i, 0, n);
      }
      map[(int) w] = n + (same ? 0 : p); // a later write to the same row wins
    }
    if (idx.length == 0) {
      return x.copy();
    }
    return select(x, values(value.to(x.dtype()), same, target, rest), 0, map);
  }

  /** The rows a set writes: one row for a value that broadcasts to them all, else one per index. */
  private static Tensor values(Tensor v, boolean same, long[] target, long[] rest) {
    return same ? v.broadcastTo(rest).expandDims(0) : v.broadcastTo(target).reshape(prepend(-1, rest));
  }

  /**
   * {@code concat(axis, x, v).take(axis, map)}, with {@code map} in range: along the axis, element
   * j of the result is x's element map[j] or, from n on, v's. One copy for the concatenation and
   * one gather; the gradient reaches exactly the elements that were selected.
   */
  private static Tensor select(Tensor x, Tensor v, int axis, long[] map) {
    Tensor both = Tensor.concat(axis, x, v);
    Tensor idx = Creation.host(map, spread(both.ndim(), axis, new long[] {map.length}), DType.INT64, x.device(), false);
    return Dispatcher.apply(new GatherPrim("set", axis, axis, true), both, idx);
  }

  private static long[] identity(long n) {
    long[] map = new long[(int) n];
    for (int i = 0; i < n; i++) {
      map[i] = i;
    }
    return map;
  }

  // ---- validation ----

  private static void requireIndices(String op, Tensor indices) {
    if (indices.dtype() != DType.INT32 && indices.dtype() != DType.INT64) {
      throw new IllegalArgumentException(op + ": indices must be an integer tensor (int32 or int64), got "
          + indices.dtype().numpyName() + " of shape " + Shape.str(indices.shapeRef())
          + (indices.dtype() == DType.BOOL ? " (use mask, or get/set, for a bool mask)" : ""));
    }
  }

  private static void requireSameDevice(String op, Tensor x, Tensor other) {
    if (other.device() != x.device()) {
      throw new IllegalArgumentException(op + ": tensors are on different devices, " + x.device().name() + " and "
          + other.device().name() + "; move one with to(Device)");
    }
  }

  private static void requireSameRank(String op, Tensor x, Tensor indices, String alternative) {
    if (indices.ndim() != x.ndim()) {
      throw new IllegalArgumentException(op + ": indices of shape " + Shape.str(indices.shapeRef()) + " need the rank of shape "
          + Shape.str(x.shapeRef()) + " (" + x.ndim() + " axes); use " + ("take".equals(alternative) ? "take" : "indexAdd")
          + " for indices along one axis");
    }
  }

  private static void requireAddable(String op, Tensor x, Tensor src) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": cannot add into a bool tensor (shape " + Shape.str(x.shapeRef()) + ")");
    }
    if (src.dtype().isFloating() && !x.dtype().isFloating()) {
      throw new IllegalArgumentException(op + ": cannot add " + src.dtype().numpyName() + " values into a "
          + x.dtype().numpyName() + " tensor");
    }
  }

  private static void requireBroadcast(String op, Tensor value, long[] region, String what, String context) {
    if (!Shape.broadcastsTo(value.shapeRef(), region)) {
      throw new IllegalArgumentException(op + ": a value of shape " + Shape.str(value.shapeRef()) + " does not broadcast to "
          + what + " of shape " + Shape.str(region) + context);
    }
  }

  private static int axisOf(String op, Tensor x, int axis) {
    if (x.ndim() == 0) {
      throw new IllegalArgumentException(op + ": cannot index a 0-d tensor (shape [])");
    }
    return Shape.axis(op, axis, x.ndim());
  }

  /** The number of leading axes of x that a mask covers; throws unless they match the mask's shape. */
  private static int requireLeadingShape(String op, Tensor x, Tensor cond) {
    long[] c = cond.shapeRef();
    long[] s = x.shapeRef();
    if (c.length > s.length || !Arrays.equals(c, Arrays.copyOf(s, c.length))) {
      throw new IllegalArgumentException(op + ": a mask of shape " + Shape.str(c) + " does not match shape " + Shape.str(s)
          + " (it needs the tensor's shape, or that of its leading axes)");
    }
    return c.length;
  }

  /**
   * Whether the indices were checked now: they are when their values are known and the device's
   * kernels cannot check them (the CPU's loops check each index as they read it). Indices traced
   * without values (batched by vmap) are checked when the batched op runs.
   */
  private static boolean checkBounds(String op, Tensor indices, long n, int axis) {
    if ((indices.tracer != null && !indices.tracer.hasConcreteValue()) || indices.device().backend().checksIndices()) {
      return false;
    }
    Tensor c = Tracer.concreteOf(indices, op);
    JitRecorder.checkHostRead(op, c);
    IndexShapes.checkBounds(c.device().rawBackend(), c.liveView(op), n, op, axis);
    return true;
  }

  /**
   * The concrete value of a tensor whose values decide a result's shape or content; refused with
   * a clear message when a transform traces it without values (vmap; any shape-only tracing).
   */
  private static Tensor concrete(String op, Tensor t, String what, String remedy) {
    if (t.tracer != null && !t.tracer.hasConcreteValue()) {
      throw new IllegalStateException(op + ": " + what + " depends on the values of a tensor traced by " + t.tracer.level
          + ", which are not known there (its shape would be data-dependent); " + remedy);
    }
    Tensor c = Tracer.concreteOf(t, op);
    JitRecorder.checkHostRead(op, c);
    return c;
  }

  /**
   * The operands an op derives from the user's tensors (casts, reshapes). If the primitive throws
   * while it runs (an index out of range found by the device's loops), they are closed again, so
   * that the failed call leaves no tensor behind.
   */
  private static final class Operands {
    private final List<Tensor> made = new ArrayList<>();

    /** {@code result}, remembered as made here unless it is {@code from} itself. */
    Tensor derive(Tensor from, Tensor result) {
      if (result != from) {
        made.add(result);
      }
      return result;
    }

    Tensor apply(Prim p, Tensor... operands) {
      try {
        return Dispatcher.apply(p, operands);
      } catch (RuntimeException e) {
        for (Tensor t : made) {
          t.close();
        }
        throw e;
      }
    }
  }

  // ---- shape helpers ----

  /** Flat positions of the true elements. */
  private static long[] positions(boolean[] c) {
    int count = 0;
    for (boolean b : c) {
      count += b ? 1 : 0;
    }
    long[] p = new long[count];
    for (int i = 0, k = 0; i < c.length; i++) {
      if (c[i]) {
        p[k++] = i;
      }
    }
    return p;
  }

  /** {@code s} with axis a followed by {@code max(k, 1) − 1} axes of size 1 (room for k index axes). */
  private static long[] withAxisSpread(long[] s, int a, int k) {
    long[] out = new long[s.length + Math.max(k, 1) - 1];
    System.arraycopy(s, 0, out, 0, a + 1);
    Arrays.fill(out, a + 1, a + Math.max(k, 1), 1);
    System.arraycopy(s, a + 1, out, a + Math.max(k, 1), s.length - a - 1);
    return out;
  }

  /** The index shape {@code i} placed at axis a of a rank-{@code rank} shape of ones ({@code [1]} for 0-d i). */
  private static long[] spread(int rank, int a, long[] i) {
    long[] in = i.length == 0 ? new long[] {1} : i;
    long[] out = ones(rank - 1 + in.length);
    System.arraycopy(in, 0, out, a, in.length);
    return out;
  }

  private static long[] replaceAxis(long[] s, int a, long[] i) {
    long[] out = new long[s.length - 1 + i.length];
    System.arraycopy(s, 0, out, 0, a);
    System.arraycopy(i, 0, out, a, i.length);
    System.arraycopy(s, a + 1, out, a + i.length, s.length - a - 1);
    return out;
  }

  private static long[] prependOnes(long[] s, int rank) {
    long[] out = ones(rank);
    System.arraycopy(s, 0, out, rank - s.length, s.length);
    return out;
  }

  private static long[] prepend(long n, long[] s) {
    long[] out = new long[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long[] ones(int n) {
    long[] out = new long[n];
    Arrays.fill(out, 1);
    return out;
  }

  private static Tensor concatNonEmpty(int axis, Tensor... parts) {
    List<Tensor> kept = new ArrayList<>();
    for (Tensor p : parts) {
      if (p.shapeRef()[axis] > 0) {
        kept.add(p);
      }
    }
    return kept.size() == 1 ? kept.get(0) : Tensor.concat(axis, kept.toArray(new Tensor[0]));
  }
}
