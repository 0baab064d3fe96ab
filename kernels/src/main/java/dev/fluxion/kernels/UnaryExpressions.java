package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.UnaryOp;

/**
 * Each unary op as one C expression of the element {@code x} ({@code $T} is its type): adding an
 * op is one line here. The expressions reproduce the CPU backend's values (Java's
 * {@code Math}) where C's functions differ: sign and relu keep NaN, sigmoid does not overflow.
 */
final class UnaryExpressions {
  private UnaryExpressions() {}

  /** The expression for a floating dtype. */
  static String floating(UnaryOp op) {
    return switch (op) {
      case NEG -> "-x";
      case EXP -> "exp(x)";
      case LOG -> "log(x)";
      case SIN -> "sin(x)";
      case COS -> "cos(x)";
      case TAN -> "tan(x)";
      case ASIN -> "asin(x)";
      case ACOS -> "acos(x)";
      case ATAN -> "atan(x)";
      case SINH -> "sinh(x)";
      case COSH -> "cosh(x)";
      case TANH -> "tanh(x)";
      case SQRT -> "sqrt(x)";
      case RECIPROCAL -> "($T)1 / x";
      case ABS -> "fabs(x)";
      case SIGN -> "x > 0 ? ($T)1 : x < 0 ? ($T)-1 : x";
      case SIGMOID -> "x >= 0 ? ($T)1 / (($T)1 + exp(-x)) : exp(x) / (($T)1 + exp(x))";
      case RELU -> "x > 0 || isnan(x) ? x : ($T)0";
      case LOG1P -> "log1p(x)";
      case EXPM1 -> "expm1(x)";
      case ERF -> "erf(x)";
    };
  }

  /** The expression for an integer dtype, or null when the op is not defined on integers. */
  static String integer(UnaryOp op) {
    return switch (op) {
      case NEG -> "-x";
      case ABS -> "x < 0 ? -x : x";
      case SIGN -> "($T)((x > 0) - (x < 0))";
      case RELU -> "x > 0 ? x : ($T)0";
      default -> null;
    };
  }

  /** The expression for {@code op} on {@code t}, or null when undefined there. */
  static String of(UnaryOp op, DType t) {
    if (t.isFloating()) {
      return floating(op);
    }
    return t == DType.BOOL ? null : integer(op);
  }
}
