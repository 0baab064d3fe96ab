package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LinalgOp}s on the CPU: each batch matrix is gathered (from any strides) into a
 * column-major {@code double} work array, handed to {@link Lapack}'s routines, and the result
 * written to the contiguous output. FLOAT32 matrices are factorised in double precision and
 * rounded once at the end. On the Java path batches are split over the cores; native LAPACK runs
 * on one big-stack thread ({@link LapackThreads}) and threads itself.
 */
final class CpuLinalg {
  private CpuLinalg() {}

  /** Runs the op; returns the first batch index that failed, or −1. */
  static long run(LinalgOp op, View[] in, View out) {
    View a = in[0];
    int r = a.ndim();
    int n = Math.toIntExact(a.shape()[r - 1]);
    int k = in.length > 1 ? Math.toIntExact(in[1].shape()[r - 1]) : n;
    long batches = 1;
    for (int d = 0; d < r - 2; d++) {
      batches *= a.shape()[d];
    }
    if (batches == 0) {
      return -1;
    }
    LapackKernels lapack = Lapack.forOrder(n);
    AtomicLong failed = new AtomicLong(Long.MAX_VALUE);
    long work = Math.max(1L, (long) n * n * (n + k));
    Parallel.Range body = (lo, hi) -> {
      double[] m = new double[n * n];
      double[] rhs = new double[n * k];
      int[] ipiv = new int[n];
      for (long b = lo; b < hi; b++) {
        gather(a, b, n, n, m, op == LinalgOp.CHOLESKY);
        boolean ok = switch (op) {
          case SOLVE, SOLVE_LOWER, SOLVE_UPPER -> {
            gather(in[1], b, n, k, rhs, false);
            int info = op == LinalgOp.SOLVE ? lapack.gesv(n, k, m, ipiv, rhs)
                : lapack.trtrs(op == LinalgOp.SOLVE_LOWER, n, k, m, rhs);
            scatter(rhs, n, k, out, b * n * k, false);
            yield info == 0;
          }
          case CHOLESKY -> {
            int info = lapack.potrf(n, m);
            scatter(m, n, n, out, b * n * n, true);
            yield info == 0;
          }
          case DET, SLOGDET -> {
            determinant(op, lapack, n, m, ipiv, out, b);
            yield true;
          }
        };
        if (!ok) {
          failed.accumulateAndGet(b, Math::min);
        }
      }
    };
    long grain = Math.max(1, 200_000 / work);
    if (lapack instanceof JavaLapack) {
      Parallel.forRange(batches, grain, body);
    } else {
      LapackThreads.forRange(batches, body);  // native LAPACK needs big stacks
    }
    return failed.get() == Long.MAX_VALUE ? -1 : failed.get();
  }

  /** det, or (sign, log|det|), from the LU factors: U's diagonal and the parity of the row exchanges. */
  private static void determinant(LinalgOp op, LapackKernels lapack, int n, double[] m, int[] ipiv, View out, long b) {
    int info = lapack.getrf(n, m, ipiv);
    double sign = 1;
    double det = 1;
    double log = 0;
    for (int i = 0; i < n; i++) {
      double u = m[i + i * n];
      det *= u;
      log += Math.log(Math.abs(u));
      if (u < 0) {
        sign = -sign;
      }
      if (ipiv[i] != i + 1) {
        sign = -sign;
        det = -det;
      }
    }
    if (info != 0) {
      sign = 0;
      det = 0;
      log = Double.NEGATIVE_INFINITY;
    }
    if (op == LinalgOp.DET) {
      put(out, b, det);
    } else {
      put(out, 2 * b, sign);
      put(out, 2 * b + 1, log);
    }
  }

  /**
   * Batch matrix {@code b} of v (rows × cols, any strides) into {@code dst}, column-major; with
   * {@code symmetrize}, the element (i, j) is {@code (v[i][j] + v[j][i]) / 2}.
   */
  private static void gather(View v, long b, int rows, int cols, double[] dst, boolean symmetrize) {
    if (v.buffer() instanceof ImmediateBuffer immediate) {
      java.util.Arrays.fill(dst, 0, rows * cols, immediate.value());
      return;
    }
    int r = v.ndim();
    long base = v.offset();
    long rest = b;
    for (int d = r - 3; d >= 0; d--) {
      long size = v.shape()[d];
      base += (rest % size) * v.strides()[d];
      rest /= size;
    }
    long rs = v.strides()[r - 2];
    long cs = v.strides()[r - 1];
    Object array = ((CpuBuffer) v.buffer()).array;
    if (array instanceof double[] x) {
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          dst[i + j * rows] = x[(int) (base + i * rs + j * cs)];
        }
      }
    } else {
      float[] x = (float[]) array;
      for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
          dst[i + j * rows] = x[(int) (base + i * rs + j * cs)];
        }
      }
    }
    if (symmetrize) {
      for (int j = 0; j < cols; j++) {
        for (int i = j + 1; i < rows; i++) {
          double s = 0.5 * (dst[i + j * rows] + dst[j + i * rows]);
          dst[i + j * rows] = s;
          dst[j + i * rows] = s;
        }
      }
    }
  }

  /** A column-major rows × cols matrix into the contiguous row-major output at {@code at}; {@code lower}: zeros above the diagonal. */
  private static void scatter(double[] src, int rows, int cols, View out, long at, boolean lower) {
    Object array = ((CpuBuffer) out.buffer()).array;
    int base = (int) (out.offset() + at);
    if (array instanceof double[] x) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          x[base + i * cols + j] = lower && j > i ? 0 : src[i + j * rows];
        }
      }
    } else {
      float[] x = (float[]) array;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          x[base + i * cols + j] = lower && j > i ? 0 : (float) src[i + j * rows];
        }
      }
    }
  }

  private static void put(View out, long at, double value) {
    Object array = ((CpuBuffer) out.buffer()).array;
    int i = (int) (out.offset() + at);
    if (out.dtype() == DType.FLOAT64) {
      ((double[]) array)[i] = value;
    } else {
      ((float[]) array)[i] = (float) value;
    }
  }
}
