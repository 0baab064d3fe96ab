package dev.fluxion.spi;

/**
 * Elementwise unary primitives. Floating ops take and give the same floating dtype;
 * {@link #NEG}, {@link #ABS} and {@link #SIGN} also work on integer dtypes.
 */
public enum UnaryOp {
  NEG, EXP, LOG, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH, SQRT, RECIPROCAL, ABS,
  SIGN, SIGMOID, RELU, LOG1P, EXPM1, ERF;

  /** Whether the op is defined on integer tensors (else the engine casts them to FLOAT64 first). */
  public boolean acceptsIntegers() {
    return this == NEG || this == ABS || this == SIGN || this == RELU;
  }
}
