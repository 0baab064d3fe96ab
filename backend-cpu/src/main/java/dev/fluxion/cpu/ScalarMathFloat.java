package dev.fluxion.cpu;

import static dev.fluxion.cpu.VecMathDouble.EXP_BIAS_D;
import static dev.fluxion.cpu.VecMathDouble.INV_LN2;
import static dev.fluxion.cpu.VecMathDouble.LG1;
import static dev.fluxion.cpu.VecMathDouble.LG2;
import static dev.fluxion.cpu.VecMathDouble.LG3;
import static dev.fluxion.cpu.VecMathDouble.LG4;
import static dev.fluxion.cpu.VecMathDouble.LG5;
import static dev.fluxion.cpu.VecMathDouble.LG6;
import static dev.fluxion.cpu.VecMathDouble.LG7;
import static dev.fluxion.cpu.VecMathDouble.LN2_HI;
import static dev.fluxion.cpu.VecMathDouble.LN2_HI_32;
import static dev.fluxion.cpu.VecMathDouble.LN2_LO;
import static dev.fluxion.cpu.VecMathDouble.LN2_LO_32;
import static dev.fluxion.cpu.VecMathDouble.LOG_M0;
import static dev.fluxion.cpu.VecMathDouble.LOG_OFF;
import static dev.fluxion.cpu.VecMathDouble.MANT;
import static dev.fluxion.cpu.VecMathDouble.PIO2_1;
import static dev.fluxion.cpu.VecMathDouble.PIO2_2;
import static dev.fluxion.cpu.VecMathDouble.SHIFT;
import static dev.fluxion.cpu.VecMathDouble.TWO52_BITS;
import static dev.fluxion.cpu.VecMathDouble.TWO_OVER_PI;
import static dev.fluxion.cpu.VecMathFloat.AP0;
import static dev.fluxion.cpu.VecMathFloat.AP1;
import static dev.fluxion.cpu.VecMathFloat.AP2;
import static dev.fluxion.cpu.VecMathFloat.AP3;
import static dev.fluxion.cpu.VecMathFloat.AP4;
import static dev.fluxion.cpu.VecMathFloat.AP5;
import static dev.fluxion.cpu.VecMathFloat.CP0;
import static dev.fluxion.cpu.VecMathFloat.CP1;
import static dev.fluxion.cpu.VecMathFloat.CP2;
import static dev.fluxion.cpu.VecMathFloat.CP3;
import static dev.fluxion.cpu.VecMathFloat.LR0;
import static dev.fluxion.cpu.VecMathFloat.LR1;
import static dev.fluxion.cpu.VecMathFloat.LR2;
import static dev.fluxion.cpu.VecMathFloat.LR3;
import static dev.fluxion.cpu.VecMathFloat.PI_2;
import static dev.fluxion.cpu.VecMathFloat.PI_4;
import static dev.fluxion.cpu.VecMathFloat.Q0;
import static dev.fluxion.cpu.VecMathFloat.Q1;
import static dev.fluxion.cpu.VecMathFloat.Q2;
import static dev.fluxion.cpu.VecMathFloat.Q3;
import static dev.fluxion.cpu.VecMathFloat.Q4;
import static dev.fluxion.cpu.VecMathFloat.Q5;
import static dev.fluxion.cpu.VecMathFloat.SP0;
import static dev.fluxion.cpu.VecMathFloat.SP1;
import static dev.fluxion.cpu.VecMathFloat.SP2;
import static dev.fluxion.cpu.VecMathFloat.SP3;
import static dev.fluxion.cpu.VecMathFloat.TAN_3PI_8;
import static dev.fluxion.cpu.VecMathFloat.TAN_PI_8;
import static dev.fluxion.cpu.VecMathFloat.TRIG_MAX;
import static java.lang.Double.doubleToRawLongBits;
import static java.lang.Double.longBitsToDouble;
import static java.lang.Math.fma;

/**
 * The scalar twins of {@link VecMathFloat}'s kernels (which widen to double, compute and narrow
 * once): the same operations in the same order per element, so each element gets the same bits
 * from its SIMD kernel and from its twin. See {@link ScalarMathDouble}. Plain Java: no
 * {@code jdk.incubator.vector} reference.
 */
final class ScalarMathFloat {
  private ScalarMathFloat() {}

  private static double scale(double kr) {
    return longBitsToDouble((doubleToRawLongBits(kr) + 1023L) << 52);
  }

  /** The degree-5 polynomial Q of the float kernels' e^r. */
  private static double q(double r) {
    return fma(fma(fma(fma(fma(r, Q5, Q4), r, Q3), r, Q2), r, Q1), r, Q0);
  }

  private static double withSignOf(double res, double v) {
    return longBitsToDouble(doubleToRawLongBits(res) | (doubleToRawLongBits(v) & Long.MIN_VALUE));
  }

  static float exp(float x) {
    double v = x;
    v = v > 100.0 ? 100.0 : v;
    v = v < -110.0 ? -110.0 : v;
    double kr = fma(v, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r = fma(k, -LN2_HI, v);
    double p = fma(r * r, q(r), r) + 1.0;
    return (float) (p * scale(kr));
  }

  /** log and log1p: s = f/(2+f), 2s + s z R(z) + k ln2. */
  private static double logKernel(double f, double dk) {
    double s = f / (f + 2.0);
    double z = s * s;
    double rr = fma(fma(fma(z, LR3, LR2), z, LR1), z, LR0);
    return fma(s * z, rr, s + s) + dk * LN2_HI;
  }

  static float log(float x) {
    double v = x;
    if (!(v > 0.0 && v <= Float.MAX_VALUE)) {
      return (float) Math.log(x);
    }
    long ix = doubleToRawLongBits(v) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    double f = longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    return (float) logKernel(f, dk);
  }

  static float sin(float x) {
    return trig(x, false);
  }

  static float cos(float x) {
    return trig(x, true);
  }

  private static float trig(float x, boolean cos) {
    double v = x;
    if (Math.abs(v) > TRIG_MAX) {
      return (float) (cos ? Math.cos(x) : Math.sin(x));
    }
    double kr = fma(v, TWO_OVER_PI, SHIFT);
    double q = kr - SHIFT;
    double r = fma(q, -PIO2_1, v) + q * -PIO2_2;
    double z = r * r;
    double sinv = r * fma(z, fma(fma(fma(z, SP3, SP2), z, SP1), z, SP0), 1.0);
    double cosv = fma(z, fma(fma(fma(z, CP3, CP2), z, CP1), z, CP0), 1.0);
    long qb = doubleToRawLongBits(kr) + (cos ? 1L : 0L);
    long odd = -(qb & 1L);
    long sb = doubleToRawLongBits(sinv);
    long sel = sb ^ ((sb ^ doubleToRawLongBits(cosv)) & odd);
    return (float) longBitsToDouble(sel ^ ((qb & 2L) << 62));
  }

  static float atan(float x) {
    double v = x;
    double a = Math.abs(v);
    boolean m1 = a > TAN_PI_8;
    boolean m2 = a > TAN_3PI_8;
    double num = m2 ? -1.0 : m1 ? a - 1.0 : a;
    double den = m2 ? a : m1 ? a + 1.0 : 1.0;
    double base = m2 ? PI_2 : m1 ? PI_4 : 0.0;
    double u = num / den;
    double z = u * u;
    double p = fma(fma(fma(fma(fma(z, AP5, AP4), z, AP3), z, AP2), z, AP1), z, AP0);
    double res = fma(u * z, p, u) + base;
    return (float) withSignOf(res, v);
  }

  static float tanh(float x) {
    double v = x;
    double a = Math.abs(v);
    a = (a > 20.0 ? 20.0 : a) * 2.0;
    double kr = fma(a, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r = fma(k, -LN2_HI, a);
    double em = fma(r * r, q(r), r);
    double scale = scale(kr);
    double u = fma(scale, em, scale - 1.0);
    return (float) withSignOf(u / (u + 2.0), v);
  }

  static float sigmoid(float x) {
    double v = -(double) x;
    v = v > 120.0 ? 120.0 : v;
    v = v < -120.0 ? -120.0 : v;
    double kr = fma(v, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r = fma(k, -LN2_HI, v);
    double p = fma(r * r, q(r), r) + 1.0;
    return (float) (1.0 / fma(p, scale(kr), 1.0));
  }

  static float expm1(float x) {
    double v = x;
    double a = v > 100.0 ? 100.0 : v;
    a = v < -60.0 ? -60.0 : a;
    double kr = fma(a, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r = fma(k, -LN2_HI, a);
    double em = fma(r * r, q(r), r);
    double scale = scale(kr);
    double res = fma(scale, em, scale - 1.0);
    return (float) (v == 0.0 ? v : res);
  }

  static float log1p(float x) {
    double v = x;
    if (!(v > -1.0 && v <= Float.MAX_VALUE)) {
      return (float) Math.log1p(x);
    }
    long ix = doubleToRawLongBits(v + 1.0) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    double f = dk == 0.0 ? v : longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    double res = logKernel(f, dk);
    return (float) (v == 0.0 ? v : res);
  }

  /** {@code t = b·log|a|} clamped to [−200, 200] (fdlibm's log kernel in double). */
  private static double logTimes(double a, double b) {
    double ax = Math.abs(a);
    long ix = doubleToRawLongBits(ax) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    double f = longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    double hfsq = f * 0.5 * f;
    double s = f / (f + 2.0);
    double z = s * s;
    double w = z * z;
    double t1 = fma(fma(w, LG6, LG4), w, LG2) * w;
    double t2 = fma(fma(fma(w, LG7, LG5), w, LG3), w, LG1) * z;
    double lg = fma(s, hfsq + (t2 + t1), dk * LN2_LO_32) - hfsq + f + dk * LN2_HI_32;
    double t = lg * b;
    t = t > 200.0 ? 200.0 : t;
    return t < -200.0 ? -200.0 : t;
  }

  /** e^t for |t| ≤ 200. */
  private static double expOf(double t) {
    double kr = fma(t, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r = fma(k, -LN2_HI, t) + k * -LN2_LO;
    return (fma(r * r, q(r), r) + 1.0) * scale(kr);
  }

  /**
   * {@code y = (float) Math.pow(x, p)} for a scalar exponent, as {@link VecMathFloat#pow(float[],
   * int, double, float[], int, int)} computes it element by element (with its shortcuts).
   */
  static void pow(float[] x, int xo, double p, float[] y, int yo, int n) {
    if (!(Math.abs(p) <= Double.MAX_VALUE)) {
      for (int i = 0; i < n; i++) {
        y[yo + i] = (float) Math.pow(x[xo + i], p);
      }
    } else if (p == 0.0) {
      java.util.Arrays.fill(y, yo, yo + n, 1.0f);
    } else if (p == 1.0) {
      System.arraycopy(x, xo, y, yo, n);
    } else if (p == 2.0) {
      for (int i = 0; i < n; i++) {
        double v = x[xo + i];
        y[yo + i] = (float) (v * v);
      }
    } else if (p == -1.0) {
      for (int i = 0; i < n; i++) {
        y[yo + i] = (float) (1.0 / x[xo + i]);
      }
    } else if (p == 0.5) {
      for (int i = 0; i < n; i++) {
        double v = x[xo + i];
        y[yo + i] = (float) (v == 0.0 ? 0.0 : v == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : Math.sqrt(v));
      }
    } else {
      boolean negOk = Math.abs(p) < 0x1p51 && Math.rint(p) == p;
      boolean pOdd = negOk && (((long) p) & 1L) != 0;
      for (int i = 0; i < n; i++) {
        y[yo + i] = powScalar(x[xo + i], p, negOk, pOdd);
      }
    }
  }

  /**
   * {@code (float) Math.pow(a, p)} as the scalar-exponent kernel computes it (p finite and not
   * 0, 1, 2, −1 or 0.5; {@code negOk}: p is an integer below 2^51, {@code pOdd}: an odd one).
   */
  static float powScalar(float a, double p, boolean negOk, boolean pOdd) {
    float aa = Math.abs(a);
    if (!(aa > 0 && aa <= Float.MAX_VALUE) || (a < 0 && !negOk)) {
      return (float) Math.pow(a, p);
    }
    double av = a;
    double res = expOf(logTimes(av, p));
    return (float) longBitsToDouble(doubleToRawLongBits(res) ^ (doubleToRawLongBits(av) & (pOdd ? Long.MIN_VALUE : 0L)));
  }

  /** {@code (float) Math.pow(a, b)} as the elementwise kernel computes it. */
  static float pow(float a, float b) {
    float aa = Math.abs(a);
    if (!(aa > 0 && aa <= Float.MAX_VALUE) || !(Math.abs(b) <= Float.MAX_VALUE)) {
      return (float) Math.pow(a, b);
    }
    double av = a;
    double bv = b;
    double res = expOf(logTimes(av, bv));
    double bs = bv + SHIFT;
    boolean notInt = bs - SHIFT != bv;
    long oddSign = (doubleToRawLongBits(bs) << 63) & doubleToRawLongBits(av);
    res = longBitsToDouble(doubleToRawLongBits(res) ^ oddSign);
    res = av < 0.0 && notInt ? Double.NaN : res;
    return (float) (bv == 1.0 ? av : res);
  }
}
