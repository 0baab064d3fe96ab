package dev.fluxion.cpu;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;

/**
 * FLOAT32 kernels on dense float arrays, so that float tensors are not widened through scratch
 * chunks: arithmetic in tight float loops (which C2 vectorises), transcendentals through the
 * SIMD kernels when available, everything else computed in double and rounded once.
 */
final class FloatLoops {
  private FloatLoops() {}

  static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    if (SimdLoops.usable(op, true, n)) {
      SimdLoops.unary(op, x, xo, y, yo, n);
      return;
    }
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
      case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1f / x[xo + i]; }
      case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
      case RELU -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0f); }
      default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) DoubleLoops.apply(op, x[xo + i]); }
    }
  }

  /** Arithmetic ops with {@code as}/{@code bs} 1 for a dense operand, 0 for a repeated value. */
  static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
    if (as == 1 && bs == 1) {
      dense(op, a, ao, b, bo, y, yo, n);
    } else if (as == 1) {
      scalarRight(op, a, ao, b[bo], y, yo, n);
    } else if (bs == 1) {
      scalarLeft(op, a[ao], b, bo, y, yo, n);
    } else {
      java.util.Arrays.fill(y, yo, yo + n, (float) DoubleLoops.apply(op, a[ao], b[bo]));
    }
  }

  /** Whether {@link #binary} implements {@code op} (comparisons produce BOOL elsewhere). */
  static boolean covers(BinaryOp op) {
    return !op.isComparison();
  }

  private static void dense(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
      case MAX -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]); }
      case MIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]); }
      case POW -> {
        if (SimdLoops.usablePow(SimdWarmup.POW_FLOAT, n)) {
          SimdLoops.pow(a, ao, b, bo, y, yo, n);
        } else {
          for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(a[ao + i], b[bo + i]);
        }
      }
      default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) DoubleLoops.apply(op, a[ao + i], b[bo + i]); }
    }
  }

  private static void scalarRight(BinaryOp op, float[] a, int ao, float b, float[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b; }
      case MAX -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b); }
      case MIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b); }
      case POW -> powScalar(a, ao, b, y, yo, n);
      default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) DoubleLoops.apply(op, a[ao + i], b); }
    }
  }

  private static void scalarLeft(BinaryOp op, float a, float[] b, int bo, float[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a / b[bo + i]; }
      default -> { for (int i = 0; i < n; i++) y[yo + i] = (float) DoubleLoops.apply(op, a, b[bo + i]); }
    }
  }

  /** {@code x^p} for a scalar exponent, with the fast paths of {@link DoubleLoops}. */
  private static void powScalar(float[] a, int ao, float p, float[] y, int yo, int n) {
    if (p == 2) {
      for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * a[ao + i];
    } else if (p == 3) {
      for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * a[ao + i] * a[ao + i];
    } else if (p == 1) {
      System.arraycopy(a, ao, y, yo, n);
    } else if (p == 0.5f) {
      for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(a[ao + i]);
    } else if (p == -1) {
      for (int i = 0; i < n; i++) y[yo + i] = 1f / a[ao + i];
    } else if (p == 0) {
      java.util.Arrays.fill(y, yo, yo + n, 1f);
    } else if (SimdLoops.usablePow(SimdWarmup.POW_SCALAR_FLOAT, n)) {
      SimdLoops.pow(a, ao, p, y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(a[ao + i], p);
    }
  }
}
