package dev.fluxion.cpu;

import dev.fluxion.spi.UnaryOp;

/**
 * Routes the transcendental ops to {@link VecMath}. Only called when {@link Simd#ENABLED}, so
 * that {@code VecMath} (and the incubator module it needs) is never loaded otherwise.
 */
final class SimdLoops {
  /** Shorter runs are not worth a vector kernel. */
  static final int MIN_LENGTH = 32;

  private SimdLoops() {}

  /** Whether {@code op} has a compiled SIMD kernel for doubles (or floats) right now. */
  static boolean usable(UnaryOp op, boolean isFloat, int n) {
    return Simd.ENABLED && n >= MIN_LENGTH && covers(op) && SimdWarmup.ready(SimdWarmup.unary(op, isFloat));
  }

  /** Whether the pow kernel {@code kernel} (a SimdWarmup.POW_* index) is compiled right now. */
  static boolean usablePow(int kernel, int n) {
    return Simd.ENABLED && n >= MIN_LENGTH && SimdWarmup.ready(kernel);
  }

  /**
   * Whether {@code op} has a SIMD kernel and SIMD is on: then every element of it is computed by
   * that kernel's algorithm — by the kernel itself, or by its scalar twin ({@link #twin}) in runs
   * shorter than {@link #MIN_LENGTH} and while the kernel is being compiled — so that the result
   * never depends on which ran (same seed, same bits).
   */
  static boolean twinned(UnaryOp op) {
    return Simd.ENABLED && covers(op);
  }

  /** The scalar twin of the double kernel of {@code op} (see {@link ScalarMathDouble}). */
  static void twin(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    switch (op) {
      case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.exp(x[xo + i]); }
      case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.log(x[xo + i]); }
      case SIN -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.sin(x[xo + i]); }
      case COS -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.cos(x[xo + i]); }
      case ATAN -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.atan(x[xo + i]); }
      case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.tanh(x[xo + i]); }
      case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.sigmoid(x[xo + i]); }
      case EXPM1 -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.expm1(x[xo + i]); }
      case LOG1P -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.log1p(x[xo + i]); }
      default -> throw new IllegalArgumentException(op + " has no SIMD kernel");
    }
  }

  /** The scalar twin of the float kernel of {@code op} (see {@link ScalarMathFloat}). */
  static void twin(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    switch (op) {
      case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.exp(x[xo + i]); }
      case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.log(x[xo + i]); }
      case SIN -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.sin(x[xo + i]); }
      case COS -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.cos(x[xo + i]); }
      case ATAN -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.atan(x[xo + i]); }
      case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.tanh(x[xo + i]); }
      case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.sigmoid(x[xo + i]); }
      case EXPM1 -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.expm1(x[xo + i]); }
      case LOG1P -> { for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.log1p(x[xo + i]); }
      default -> throw new IllegalArgumentException(op + " has no SIMD kernel");
    }
  }

  /** Whether {@code op} has a SIMD kernel. */
  static boolean covers(UnaryOp op) {
    return switch (op) {
      case EXP, LOG, SIN, COS, ATAN, TANH, SIGMOID, EXPM1, LOG1P -> true;
      default -> false;
    };
  }

  static void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    switch (op) {
      case EXP -> VecMath.exp(x, xo, y, yo, n);
      case LOG -> VecMath.log(x, xo, y, yo, n);
      case SIN -> VecMath.sin(x, xo, y, yo, n);
      case COS -> VecMath.cos(x, xo, y, yo, n);
      case ATAN -> VecMath.atan(x, xo, y, yo, n);
      case TANH -> VecMath.tanh(x, xo, y, yo, n);
      case SIGMOID -> VecMath.sigmoid(x, xo, y, yo, n);
      case EXPM1 -> VecMath.expm1(x, xo, y, yo, n);
      case LOG1P -> VecMath.log1p(x, xo, y, yo, n);
      default -> throw new IllegalArgumentException(op + " has no SIMD kernel");
    }
  }

  static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    switch (op) {
      case EXP -> VecMath.exp(x, xo, y, yo, n);
      case LOG -> VecMath.log(x, xo, y, yo, n);
      case SIN -> VecMath.sin(x, xo, y, yo, n);
      case COS -> VecMath.cos(x, xo, y, yo, n);
      case ATAN -> VecMath.atan(x, xo, y, yo, n);
      case TANH -> VecMath.tanh(x, xo, y, yo, n);
      case SIGMOID -> VecMath.sigmoid(x, xo, y, yo, n);
      case EXPM1 -> VecMath.expm1(x, xo, y, yo, n);
      case LOG1P -> VecMath.log1p(x, xo, y, yo, n);
      default -> throw new IllegalArgumentException(op + " has no SIMD kernel");
    }
  }

  static void pow(double[] x, int xo, double p, double[] y, int yo, int n) {
    VecMath.pow(x, xo, p, y, yo, n);
  }

  static void pow(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
    VecMath.pow(a, ao, b, bo, y, yo, n);
  }

  static void pow(float[] x, int xo, double p, float[] y, int yo, int n) {
    VecMath.pow(x, xo, p, y, yo, n);
  }

  static void pow(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
    VecMath.pow(a, ao, b, bo, y, yo, n);
  }
}
