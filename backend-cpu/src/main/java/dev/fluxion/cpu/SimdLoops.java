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
