package dev.fluxion.cpu;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;

/**
 * The floating kernels: one tight loop per op over dense double arrays (offset + count), so
 * that the JIT compiles each loop on its own. Used directly on FLOAT64 tensors and on scratch
 * chunks for every other layout and floating dtype.
 */
final class DoubleLoops {
  private DoubleLoops() {}

  static void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    if (SimdLoops.usable(op, false, n)) {
      SimdLoops.unary(op, x, xo, y, yo, n);
      return;
    }
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
      case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = Math.exp(x[xo + i]); }
      case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = Math.log(x[xo + i]); }
      case SIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.sin(x[xo + i]); }
      case COS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.cos(x[xo + i]); }
      case TAN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.tan(x[xo + i]); }
      case ASIN -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.asin(x[xo + i]); }
      case ACOS -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.acos(x[xo + i]); }
      case ATAN -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.atan(x[xo + i]); }
      case SINH -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.sinh(x[xo + i]); }
      case COSH -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.cosh(x[xo + i]); }
      case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.tanh(x[xo + i]); }
      case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(x[xo + i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1.0 / x[xo + i]; }
      case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
      case SIGN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.signum(x[xo + i]); }
      case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.sigmoid(x[xo + i]); }
      case RELU -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0.0); }
      case LOG1P -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.log1p(x[xo + i]); }
      case EXPM1 -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.expm1(x[xo + i]); }
      case ERF -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.erf(x[xo + i]); }
    }
  }

  /**
   * {@code y = a OP b} for arithmetic ops. {@code as}/{@code bs} are 1 for a dense operand and 0
   * for one repeated value (a broadcast scalar within the run).
   */
  static void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
    if (as == 1 && bs == 1) {
      dense(op, a, ao, b, bo, y, yo, n);
    } else if (as == 1) {
      scalarRight(op, a, ao, b[bo], y, yo, n);
    } else if (bs == 1) {
      scalarLeft(op, a[ao], b, bo, y, yo, n);
    } else {
      double v = apply(op, a[ao], b[bo]);
      java.util.Arrays.fill(y, yo, yo + n, v);
    }
  }

  private static void dense(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
      case POW -> {
        if (SimdLoops.usablePow(SimdWarmup.POW_DOUBLE, n)) {
          SimdLoops.pow(a, ao, b, bo, y, yo, n);
        } else {
          for (int i = 0; i < n; i++) y[yo + i] = Math.pow(a[ao + i], b[bo + i]);
        }
      }
      case MAX -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]); }
      case MIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]); }
      case ATAN2 -> { for (int i = 0; i < n; i++) y[yo + i] = CpuMath.atan2(a[ao + i], b[bo + i]); }
      default -> compareDense(op, a, ao, b, bo, y, yo, n);
    }
  }

  private static void scalarRight(BinaryOp op, double[] a, int ao, double b, double[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b; }
      case POW -> powScalar(a, ao, b, y, yo, n);
      case MAX -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b); }
      case MIN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b); }
      default -> { for (int i = 0; i < n; i++) y[yo + i] = apply(op, a[ao + i], b); }
    }
  }

  private static void scalarLeft(BinaryOp op, double a, double[] b, int bo, double[] y, int yo, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a + b[bo + i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a - b[bo + i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a * b[bo + i]; }
      case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a / b[bo + i]; }
      default -> { for (int i = 0; i < n; i++) y[yo + i] = apply(op, a, b[bo + i]); }
    }
  }

  /**
   * {@code x^p} for a scalar exponent, with NumPy's fast paths (p = 2, 3, 1, 0.5, −1, 0) as
   * exact multiplications, square roots and reciprocals.
   */
  private static void powScalar(double[] a, int ao, double p, double[] y, int yo, int n) {
    if (p == 2) {
      for (int i = 0; i < n; i++) {
        double v = a[ao + i];
        y[yo + i] = v * v;
      }
    } else if (p == 3) {
      for (int i = 0; i < n; i++) {
        double v = a[ao + i];
        y[yo + i] = v * v * v;
      }
    } else if (p == 1) {
      System.arraycopy(a, ao, y, yo, n);
    } else if (p == 0.5) {
      for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(a[ao + i]);
    } else if (p == -1) {
      for (int i = 0; i < n; i++) y[yo + i] = 1.0 / a[ao + i];
    } else if (p == 0) {
      java.util.Arrays.fill(y, yo, yo + n, 1.0);
    } else if (SimdLoops.usablePow(SimdWarmup.POW_SCALAR_DOUBLE, n)) {
      SimdLoops.pow(a, ao, p, y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = Math.pow(a[ao + i], p);
    }
  }

  private static void compareDense(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = apply(op, a[ao + i], b[bo + i]);
    }
  }

  /** One element of any unary op (the scalar definition every kernel agrees with). */
  static double apply(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case ASIN -> CpuMath.asin(x);
      case ACOS -> CpuMath.acos(x);
      case ATAN -> CpuMath.atan(x);
      case SINH -> CpuMath.sinh(x);
      case COSH -> CpuMath.cosh(x);
      case TANH -> CpuMath.tanh(x);
      case SQRT -> Math.sqrt(x);
      case RECIPROCAL -> 1.0 / x;
      case ABS -> Math.abs(x);
      case SIGN -> Math.signum(x);
      case SIGMOID -> CpuMath.sigmoid(x);
      case RELU -> Math.max(x, 0.0);
      case LOG1P -> CpuMath.log1p(x);
      case EXPM1 -> CpuMath.expm1(x);
      case ERF -> CpuMath.erf(x);
    };
  }

  /** One element of any binary op (comparisons give 1 or 0). */
  static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case ATAN2 -> CpuMath.atan2(a, b);
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
    };
  }
}
