package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.View;

/**
 * Batched matrix products through BLAS ({@link Gemm}): row-major and transposed operands go
 * to GEMM without copies (as 'N'/'T'), other layouts are made dense first. Row-major
 * {@code C = A·B} is computed as the column-major {@code Cᵀ = Bᵀ·Aᵀ}.
 */
final class Matmul {
  private Matmul() {}

  /** How a matrix operand is handed to column-major GEMM. */
  private record Operand(View view, boolean rowMajor, int ld) {}

  static void matmul(View a, View b, View out, ArrayPool pool) {
    int r = out.ndim();
    int n = (int) out.shape()[r - 2];
    int m = (int) out.shape()[r - 1];
    int k = (int) a.shape()[r - 1];
    if (n == 0 || m == 0) {
      return;
    }
    if (k == 0) {
      Fills.full(out, 0.0);
      return;
    }
    if (Runs.integral(out.dtype())) {
      integerMatmul(a, b, out, n, m, k);
      return;
    }
    CpuBuffer tmpA = null;
    CpuBuffer tmpB = null;
    Operand oa = operand(a, n, k);
    if (oa == null) {
      tmpA = pool.allocate(a.dtype(), (int) a.size());
      oa = dense(a, tmpA);
    }
    Operand ob = operand(b, k, m);
    if (ob == null) {
      tmpB = pool.allocate(b.dtype(), (int) b.size());
      ob = dense(b, tmpB);
    }
    try {
      if (r > 2 && foldsBatchIntoRows(oa.view, ob.view, out, r)) {
        long rows = out.size() / m;
        // A is dense row-major here, whatever form operand() picked for one of its matrices.
        Operand rowsOfA = new Operand(oa.view, true, Math.max(1, k));
        gemm(out.dtype(), ob, rowsOfA, m, (int) rows, k, ob.view.offset(), oa.view.offset(), out);
        return;
      }
      long[] batch = java.util.Arrays.copyOf(out.shape(), r - 2);
      Plan plan = Plan.of(
          new View(out.buffer(), batch, java.util.Arrays.copyOf(out.strides(), r - 2), out.offset()),
          new View(oa.view.buffer(), batch, java.util.Arrays.copyOf(oa.view.strides(), r - 2), oa.view.offset()),
          new View(ob.view.buffer(), batch, java.util.Arrays.copyOf(ob.view.strides(), r - 2), ob.view.offset()));
      Operand fa = oa;
      Operand fb = ob;
      long work = (long) n * m * k;
      long grain = Math.max(1, (1L << 18) / Math.max(1, work));
      Parallel.forRange(plan.size, grain, (lo, hi) -> plan.forEachRun(lo, hi, (off, len) -> {
        for (int j = 0; j < len; j++) {
          long offC = off[0] + j * plan.inner(0);
          long offA = off[1] + j * plan.inner(1);
          long offB = off[2] + j * plan.inner(2);
          gemmAt(out.dtype(), fb, fa, m, n, k, offB, offA, out, offC);
        }
      }));
    } finally {
      if (tmpA != null) {
        pool.release(tmpA);
      }
      if (tmpB != null) {
        pool.release(tmpB);
      }
    }
  }

  /** A batch of A's stacked rows times one shared B: a single GEMM with batch·n rows. */
  private static boolean foldsBatchIntoRows(View a, View b, View out, int r) {
    for (int d = 0; d < r - 2; d++) {
      if (b.strides()[d] != 0) {
        return false;
      }
    }
    return a.isContiguous() && out.isContiguous() && out.offset() == 0;
  }

  /** The GEMM form of a rows×cols matrix view, or null when it needs a dense copy. */
  private static Operand operand(View v, int rows, int cols) {
    if (v.isImmediate()) {
      return null;
    }
    int r = v.ndim();
    long sr = v.strides()[r - 2];
    long sc = v.strides()[r - 1];
    if (sc == 1 && (sr >= Math.max(1, cols) || rows == 1)) {
      return new Operand(v, true, (int) Math.max(Math.max(1, cols), rows == 1 ? cols : sr));
    }
    if (sr == 1 && (sc >= Math.max(1, rows) || cols == 1)) {
      return new Operand(v, false, (int) Math.max(Math.max(1, rows), cols == 1 ? rows : sc));
    }
    return null;
  }

  private static Operand dense(View v, CpuBuffer tmp) {
    View d = View.contiguous(tmp, v.shape());
    Elementwise.copy(v, d);
    int r = v.ndim();
    return new Operand(d, true, (int) Math.max(1, v.shape()[r - 1]));
  }

  private static void gemm(DType t, Operand b, Operand a, int m, int n, int k, long offB, long offA, View out) {
    gemmAt(t, b, a, m, n, k, offB, offA, out, out.offset());
  }

  /** Cᵀ(m×n) = op(B)ᵀ(m×k) · op(A)ᵀ(k×n), column-major, with C dense row-major (ld = m). */
  private static void gemmAt(DType t, Operand b, Operand a, int m, int n, int k, long offB, long offA, View out, long offC) {
    String tb = b.rowMajor ? "N" : "T";
    String ta = a.rowMajor ? "N" : "T";
    CpuBuffer cb = (CpuBuffer) b.view.buffer();
    CpuBuffer ca = (CpuBuffer) a.view.buffer();
    CpuBuffer cc = (CpuBuffer) out.buffer();
    if (t == DType.FLOAT64) {
      Gemm.dgemm(tb, ta, m, n, k, 1.0, (double[]) cb.array, (int) offB, b.ld, (double[]) ca.array, (int) offA, a.ld,
          0.0, (double[]) cc.array, (int) offC, m);
    } else {
      Gemm.sgemm(tb, ta, m, n, k, 1.0f, (float[]) cb.array, (int) offB, b.ld, (float[]) ca.array, (int) offA, a.ld,
          0.0f, (float[]) cc.array, (int) offC, m);
    }
  }

  private static void integerMatmul(View a, View b, View out, int n, int m, int k) {
    int r = out.ndim();
    long[] batch = java.util.Arrays.copyOf(out.shape(), r - 2);
    Plan plan = Plan.of(
        new View(out.buffer(), batch, java.util.Arrays.copyOf(out.strides(), r - 2), out.offset()),
        new View(a.buffer(), batch, java.util.Arrays.copyOf(a.strides(), r - 2), a.offset()),
        new View(b.buffer(), batch, java.util.Arrays.copyOf(b.strides(), r - 2), b.offset()));
    long[] rowA = new long[k];
    long[] colB = new long[k];
    long[] one = new long[1];
    plan.forEachRun(0, plan.size, (off, len) -> {
      for (int j = 0; j < len; j++) {
        long oc = off[0] + j * plan.inner(0);
        long oa = off[1] + j * plan.inner(1);
        long ob = off[2] + j * plan.inner(2);
        for (int i = 0; i < n; i++) {
          Runs.loadLong(a.buffer(), oa + i * a.strides()[r - 2], a.strides()[r - 1], k, rowA);
          for (int c = 0; c < m; c++) {
            Runs.loadLong(b.buffer(), ob + c * b.strides()[r - 1], b.strides()[r - 2], k, colB);
            long s = 0;
            for (int q = 0; q < k; q++) {
              s += rowA[q] * colB[q];
            }
            one[0] = s;
            Runs.storeLong(out.buffer(), oc + i * out.strides()[r - 2] + c * out.strides()[r - 1], 1, 1, one);
          }
        }
      }
    });
  }
}
