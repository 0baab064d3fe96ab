package dev.fluxion.kernels;

import dev.fluxion.DType;

/**
 * How each dtype appears in kernel sources. The names are the prelude's dialect-independent
 * types ({@code u8}, {@code i64}) or C's own; conversions follow the CPU backend (NumPy's
 * astype): floats to integers truncate toward zero, anything non-zero is true.
 */
final class CTypes {
  private CTypes() {}

  /** The element type: BOOL is a byte holding 0 or 1. */
  static String of(DType t) {
    return switch (t) {
      case BOOL -> "u8";
      case INT32 -> "int";
      case INT64 -> "i64";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
    };
  }

  /** Short name used in kernel names: {@code bool, i32, i64, f32, f64}. */
  static String suffix(DType t) {
    return switch (t) {
      case BOOL -> "bool";
      case INT32 -> "i32";
      case INT64 -> "i64";
      case FLOAT32 -> "f32";
      case FLOAT64 -> "f64";
    };
  }

  /** {@code value} converted to an element of {@code t}. */
  static String store(DType t, String value) {
    return t == DType.BOOL ? "(u8)((" + value + ") != 0)" : "(" + of(t) + ")(" + value + ")";
  }

  /** A C test of NaN-ness for a value of {@code t} (never true for integers). */
  static String isNan(DType t, String value) {
    return t.isFloating() ? "isnan(" + value + ")" : "0";
  }

  /** The smallest value of {@code t}: the identity of max. */
  static String lowest(DType t) {
    return switch (t) {
      case BOOL -> "0";
      case INT32 -> "(-2147483647 - 1)";
      case INT64 -> "(-(i64)9223372036854775807 - 1)";
      case FLOAT32, FLOAT64 -> "-INFINITY";
    };
  }

  /** The largest value of {@code t}: the identity of min. */
  static String highest(DType t) {
    return switch (t) {
      case BOOL -> "1";
      case INT32 -> "2147483647";
      case INT64 -> "(i64)9223372036854775807";
      case FLOAT32, FLOAT64 -> "INFINITY";
    };
  }
}
