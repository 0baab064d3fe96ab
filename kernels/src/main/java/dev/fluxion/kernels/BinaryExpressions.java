package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;

/**
 * Each binary op as one C expression of the elements {@code a} and {@code b} ({@code $T} is
 * their type): adding an op is one line here. Max, min and pow follow Java's {@code Math}
 * (see common.h); comparisons give 0 or 1.
 */
final class BinaryExpressions {
  private BinaryExpressions() {}

  /** The expression for a floating dtype. */
  static String floating(BinaryOp op) {
    return switch (op) {
      case ADD -> "a + b";
      case SUB -> "a - b";
      case MUL -> "a * b";
      case DIV -> "a / b";
      case POW -> "JAVA_POW(a, b)";
      case MAX -> "JAVA_MAX(a, b)";
      case MIN -> "JAVA_MIN(a, b)";
      case ATAN2 -> "atan2(a, b)";
      default -> comparison(op);
    };
  }

  /** The expression for an integer dtype, or null when the op is not defined on integers. */
  static String integer(BinaryOp op) {
    return switch (op) {
      case ADD -> "a + b";
      case SUB -> "a - b";
      case MUL -> "a * b";
      case POW -> "($T)fx_ipow(a, b)";
      case MAX -> "a > b ? a : b";
      case MIN -> "a < b ? a : b";
      case DIV, ATAN2 -> null;
      default -> comparison(op);
    };
  }

  private static String comparison(BinaryOp op) {
    return switch (op) {
      case LT -> "a < b";
      case LE -> "a <= b";
      case GT -> "a > b";
      case GE -> "a >= b";
      case EQ -> "a == b";
      case NE -> "a != b";
      default -> throw new IllegalArgumentException(op + " is not a comparison");
    };
  }

  /** The expression for {@code op} on {@code t}, or null when undefined there (BOOL: comparisons only). */
  static String of(BinaryOp op, DType t) {
    if (t.isFloating()) {
      return floating(op);
    }
    if (t == DType.BOOL) {
      return op.isComparison() ? comparison(op) : null;
    }
    return integer(op);
  }
}
