package dev.fluxion.cli.sweep;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A sum of doubles computed exactly and rounded once at the end (a fixed-point "superaccumulator"
 * covering the whole double range, as in Kulisch's and Neal's exact summation). The result does not
 * depend on the order of the terms, so sums of ranges merged in any grouping — Spark tasks, blocks
 * of any size — give the same bits as one pass.
 */
final class ExactSum implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int DIGIT = 32;
  private static final long MASK = 0xFFFF_FFFFL;
  /** Bit 0 of digit 0 weighs 2^-1074, the smallest subnormal; 2100 bits reach past Double.MAX_VALUE. */
  private static final int DIGITS = (2100 + DIGIT - 1) / DIGIT + 2;
  private static final int NORMALISE_EVERY = 1 << 30;

  private final long[] digits = new long[DIGITS];
  private int pending;
  private boolean nan;
  private boolean posInf;
  private boolean negInf;

  void add(double v) {
    if (!Double.isFinite(v)) {
      if (v != v) {
        nan = true;
      } else if (v > 0) {
        posInf = true;
      } else {
        negInf = true;
      }
      return;
    }
    if (v == 0) {
      return;
    }
    long bits = Double.doubleToRawLongBits(v);
    int exponent = (int) ((bits >>> 52) & 0x7FF);
    long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
    if (exponent == 0) {
      exponent = 1;
    } else {
      mantissa |= 1L << 52;
    }
    int position = exponent - 1;                 // v = mantissa · 2^(position − 1074)
    int index = position >>> 5;
    int shift = position & 31;
    long d0 = (mantissa << shift) & MASK;
    long d1 = (shift == 0 ? mantissa >>> 32 : mantissa >>> (32 - shift)) & MASK;
    long d2 = shift == 0 ? 0 : mantissa >>> (64 - shift);
    if (bits < 0) {
      digits[index] -= d0;
      digits[index + 1] -= d1;
      digits[index + 2] -= d2;
    } else {
      digits[index] += d0;
      digits[index + 1] += d1;
      digits[index + 2] += d2;
    }
    if (++pending == NORMALISE_EVERY) {
      normalise();
    }
  }

  /** Adds another sum's terms. */
  void add(ExactSum other) {
    normalise();
    other.normalise();
    for (int i = 0; i < DIGITS; i++) {
      digits[i] += other.digits[i];
    }
    normalise();
    nan |= other.nan;
    posInf |= other.posInf;
    negInf |= other.negInf;
  }

  /** Carries so that every digit but the last is in [0, 2^32). */
  private void normalise() {
    long carry = 0;
    for (int i = 0; i < DIGITS - 1; i++) {
      long d = digits[i] + carry;
      digits[i] = d & MASK;
      carry = d >> DIGIT;
    }
    digits[DIGITS - 1] += carry;
    pending = 0;
  }

  /** The sum, correctly rounded to a double (NaN if a term was NaN or both infinities occurred). */
  double value() {
    if (nan || (posInf && negInf)) {
      return Double.NaN;
    }
    if (posInf || negInf) {
      return posInf ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    BigInteger total = BigInteger.ZERO;
    for (int i = DIGITS - 1; i >= 0; i--) {
      total = total.shiftLeft(DIGIT).add(BigInteger.valueOf(digits[i]));
    }
    return new BigDecimal(total).multiply(BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(1074))).doubleValue();
  }
}
