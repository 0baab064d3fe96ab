package dev.fluxion.cpu;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;

/** The integer kernels, on scratch chunks of longs (INT32 and BOOL are widened to long). */
final class LongLoops {
  private LongLoops() {}

  static void unary(UnaryOp op, long[] x, long[] y, int n) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) y[i] = -x[i]; }
      case ABS -> { for (int i = 0; i < n; i++) y[i] = Math.abs(x[i]); }
      case SIGN -> { for (int i = 0; i < n; i++) y[i] = Long.signum(x[i]); }
      case RELU -> { for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0); }
      default -> throw new IllegalArgumentException(op + " is not defined on integers");
    }
  }

  static void binary(BinaryOp op, long[] a, long[] b, long[] y, int n) {
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) y[i] = a[i] + b[i]; }
      case SUB -> { for (int i = 0; i < n; i++) y[i] = a[i] - b[i]; }
      case MUL -> { for (int i = 0; i < n; i++) y[i] = a[i] * b[i]; }
      case MAX -> { for (int i = 0; i < n; i++) y[i] = Math.max(a[i], b[i]); }
      case MIN -> { for (int i = 0; i < n; i++) y[i] = Math.min(a[i], b[i]); }
      case POW -> { for (int i = 0; i < n; i++) y[i] = pow(a[i], b[i]); }
      case LT -> { for (int i = 0; i < n; i++) y[i] = a[i] < b[i] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) y[i] = a[i] <= b[i] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) y[i] = a[i] > b[i] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) y[i] = a[i] >= b[i] ? 1 : 0; }
      case EQ -> { for (int i = 0; i < n; i++) y[i] = a[i] == b[i] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) y[i] = a[i] != b[i] ? 1 : 0; }
      default -> throw new IllegalArgumentException(op + " is not defined on integers");
    }
  }

  /**
   * Integer power by squaring, wrapping on overflow like NumPy; a negative exponent gives
   * 1/base truncated toward zero (so 0 unless |base| = 1).
   */
  static long pow(long base, long exp) {
    if (exp < 0) {
      if (base == 1) {
        return 1;
      }
      if (base == -1) {
        return (exp & 1) == 0 ? 1 : -1;
      }
      return 0;
    }
    long result = 1;
    long b = base;
    long e = exp;
    while (e > 0) {
      if ((e & 1) == 1) {
        result *= b;
      }
      b *= b;
      e >>= 1;
    }
    return result;
  }
}
