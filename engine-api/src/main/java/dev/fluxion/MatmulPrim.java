package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/**
 * Batched matrix product of {@code (..., n, k)} and {@code (..., k, m)}, both of rank ≥ 2,
 * with NumPy broadcasting of the batch axes. (1-d operands are handled in {@link Tensor}.)
 * VJP: {@code ḡA = ḡ·Bᵀ}, {@code ḡB = Aᵀ·ḡ} (the tape sums broadcast batch axes back).
 */
final class MatmulPrim extends Prim {
  static final MatmulPrim INSTANCE = new MatmulPrim();

  @Override
  String name() {
    return "matmul";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] a = in[0].shape();
    long[] b = in[1].shape();
    if (a.length < 2 || b.length < 2) {
      throw new IllegalStateException("matmul: internal error, operands of rank < 2");
    }
    long k = a[a.length - 1];
    if (b[b.length - 2] != k) {
      throw new IllegalArgumentException("matmul: shapes " + Shape.str(a) + " and " + Shape.str(b)
          + " are not aligned: " + k + " (last axis of the first) != " + b[b.length - 2]
          + " (second-to-last axis of the second)");
    }
    long[] batch = Shape.broadcast("matmul", batchShape(a), batchShape(b));
    long[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = a[a.length - 2];
    out[batch.length + 1] = b[b.length - 1];
    return new Meta(out, in[0].dtype());
  }

  private static long[] batchShape(long[] s) {
    return java.util.Arrays.copyOf(s, s.length - 2);
  }

  private static long[] withMatrix(long[] batch, long rows, long cols) {
    long[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = rows;
    s[batch.length + 1] = cols;
    return s;
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] out = m.shape();
    long[] batch = batchShape(out);
    View a = expand(in[0], withMatrix(batch, in[0].shape()[in[0].ndim() - 2], in[0].shape()[in[0].ndim() - 1]));
    View b = expand(in[1], withMatrix(batch, in[1].shape()[in[1].ndim() - 2], in[1].shape()[in[1].ndim() - 1]));
    View result = allocate(backend, m);
    backend.matmul(a, b, result);
    return result;
  }

  /** The cotangents are products with the operands only. */
  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    boolean matrices = in[0].ndim() == 2 && in[1].ndim() == 2;
    return new Tensor[] {
      needs[0] ? (matrices && transposedMatrix(in[0]) ? in[1].matmul(g.swapAxes(-1, -2)).swapAxes(-1, -2) : g.matmul(in[1].swapAxes(-1, -2))) : null,
      needs[1] ? (matrices && transposedMatrix(in[1]) ? g.swapAxes(-1, -2).matmul(in[0]).swapAxes(-1, -2) : in[0].swapAxes(-1, -2).matmul(g)) : null
    };
  }

  /**
   * Whether {@code t} is a concrete matrix stored transposed (a {@code W.T()} view, as in a linear
   * layer). Its cotangent is then computed as the transpose of the product taken the other way
   * round — the same numbers — so that it arrives in {@code W}'s own layout and the variable can
   * keep it without a strided copy.
   */
  private static boolean transposedMatrix(Tensor t) {
    if (t.tracer != null) {
      return false;
    }
    View v = t.liveView("matmul");
    long[] shape = v.shape();
    long[] strides = v.strides();
    return shape[0] > 1 && shape[1] > 1 && strides[0] == 1 && strides[1] == shape[0];
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return add(t[0] == null ? null : t[0].matmul(in[1]), t[1] == null ? null : in[0].matmul(t[1]));
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = Math.max(logicalRank(v[0], bdims[0]), logicalRank(v[1], bdims[1]));
    Tensor a = alignBatched(v[0], bdims[0], rank);
    Tensor b = alignBatched(v[1], bdims[1], rank);
    return new Batched(Dispatcher.apply(this, a, b), 0);
  }
}
