package dev.fluxion.cpu;

import static dev.fluxion.cpu.VecMathDouble.AT0;
import static dev.fluxion.cpu.VecMathDouble.AT1;
import static dev.fluxion.cpu.VecMathDouble.AT10;
import static dev.fluxion.cpu.VecMathDouble.AT2;
import static dev.fluxion.cpu.VecMathDouble.AT3;
import static dev.fluxion.cpu.VecMathDouble.AT4;
import static dev.fluxion.cpu.VecMathDouble.AT5;
import static dev.fluxion.cpu.VecMathDouble.AT6;
import static dev.fluxion.cpu.VecMathDouble.AT7;
import static dev.fluxion.cpu.VecMathDouble.AT8;
import static dev.fluxion.cpu.VecMathDouble.AT9;
import static dev.fluxion.cpu.VecMathDouble.ATAN_HI1;
import static dev.fluxion.cpu.VecMathDouble.ATAN_HI2;
import static dev.fluxion.cpu.VecMathDouble.ATAN_HI3;
import static dev.fluxion.cpu.VecMathDouble.ATAN_HI4;
import static dev.fluxion.cpu.VecMathDouble.ATAN_LO1;
import static dev.fluxion.cpu.VecMathDouble.ATAN_LO2;
import static dev.fluxion.cpu.VecMathDouble.ATAN_LO3;
import static dev.fluxion.cpu.VecMathDouble.ATAN_LO4;
import static dev.fluxion.cpu.VecMathDouble.C1;
import static dev.fluxion.cpu.VecMathDouble.C2;
import static dev.fluxion.cpu.VecMathDouble.C3;
import static dev.fluxion.cpu.VecMathDouble.C4;
import static dev.fluxion.cpu.VecMathDouble.C5;
import static dev.fluxion.cpu.VecMathDouble.C6;
import static dev.fluxion.cpu.VecMathDouble.E0;
import static dev.fluxion.cpu.VecMathDouble.E1;
import static dev.fluxion.cpu.VecMathDouble.E10;
import static dev.fluxion.cpu.VecMathDouble.E2;
import static dev.fluxion.cpu.VecMathDouble.E3;
import static dev.fluxion.cpu.VecMathDouble.E4;
import static dev.fluxion.cpu.VecMathDouble.E5;
import static dev.fluxion.cpu.VecMathDouble.E6;
import static dev.fluxion.cpu.VecMathDouble.E7;
import static dev.fluxion.cpu.VecMathDouble.E8;
import static dev.fluxion.cpu.VecMathDouble.E9;
import static dev.fluxion.cpu.VecMathDouble.EXP_BIAS_D;
import static dev.fluxion.cpu.VecMathDouble.EXP_FAST_MAX;
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
import static dev.fluxion.cpu.VecMathDouble.PIO2_3;
import static dev.fluxion.cpu.VecMathDouble.POW_Y_MAX;
import static dev.fluxion.cpu.VecMathDouble.R0;
import static dev.fluxion.cpu.VecMathDouble.R1;
import static dev.fluxion.cpu.VecMathDouble.R2;
import static dev.fluxion.cpu.VecMathDouble.R3;
import static dev.fluxion.cpu.VecMathDouble.R4;
import static dev.fluxion.cpu.VecMathDouble.R5;
import static dev.fluxion.cpu.VecMathDouble.R6;
import static dev.fluxion.cpu.VecMathDouble.R7;
import static dev.fluxion.cpu.VecMathDouble.S1;
import static dev.fluxion.cpu.VecMathDouble.S2;
import static dev.fluxion.cpu.VecMathDouble.S3;
import static dev.fluxion.cpu.VecMathDouble.S4;
import static dev.fluxion.cpu.VecMathDouble.S5;
import static dev.fluxion.cpu.VecMathDouble.S6;
import static dev.fluxion.cpu.VecMathDouble.SHIFT;
import static dev.fluxion.cpu.VecMathDouble.TRIG_MAX;
import static dev.fluxion.cpu.VecMathDouble.TWO52_BITS;
import static dev.fluxion.cpu.VecMathDouble.TWO_OVER_PI;
import static dev.fluxion.cpu.VecMathDouble.TWO_THIRDS_HI;
import static dev.fluxion.cpu.VecMathDouble.TWO_THIRDS_LO;
import static java.lang.Double.doubleToRawLongBits;
import static java.lang.Double.longBitsToDouble;
import static java.lang.Math.fma;

/**
 * The scalar twins of {@link VecMathDouble}'s kernels: per element, the same operations in the
 * same order (each lanewise vector operation becomes the same IEEE scalar operation: an FMA
 * stays an FMA), and the same elements sent to {@code Math} for special handling. So an element
 * gets the same bits from its SIMD kernel and from its twin: while a kernel is being compiled
 * (its twin runs meanwhile), in a run too short for a vector, or in a vector's tail — and a
 * program's results never depend on when the background compilation finished.
 *
 * <p>Plain Java: this class must not reference {@code jdk.incubator.vector} (its constants live
 * in {@link VecMathDouble} as plain {@code double}s, which javac inlines).
 */
final class ScalarMathDouble {
  private ScalarMathDouble() {}

  private static double scale(double kr) {
    return longBitsToDouble((doubleToRawLongBits(kr) + 1023L) << 52);
  }

  /** Horner's scheme of the exp polynomial Q from E10 down to {@code last} (E0 or E1). */
  private static double expPoly(double r, boolean toE0) {
    double q = fma(r, E10, E9);
    q = fma(q, r, E8);
    q = fma(q, r, E7);
    q = fma(q, r, E6);
    q = fma(q, r, E5);
    q = fma(q, r, E4);
    q = fma(q, r, E3);
    q = fma(q, r, E2);
    q = fma(q, r, E1);
    return toE0 ? fma(q, r, E0) : q;
  }

  // ---- exp ----

  static double exp(double x) {
    if (Math.abs(x) > EXP_FAST_MAX) {
      return expWide(x);
    }
    double kr = fma(x, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r1 = fma(k, -LN2_HI, x);
    double cc = k * -LN2_LO;
    double r = r1 + cc;
    double rl = r1 - r + cc;
    double q = expPoly(r, true);
    double s = fma(r * r, q, r);
    s = s + fma(s, rl, rl);
    double p = s + 1.0;
    return p * scale(kr);
  }

  /** For |x| &gt; 708 (the vector kernel's variant gives the same bits below that). */
  private static double expWide(double x) {
    double v = x > 710.0 ? 710.0 : x;
    v = v < -746.0 ? -746.0 : v;
    double kr = fma(v, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r1 = fma(k, -LN2_HI, v);
    double cc = k * -LN2_LO;
    double r = r1 + cc;
    double rl = r1 - r + cc;
    double q = expPoly(r, true);
    double s = fma(r * r, q, r);
    s = s + fma(s, rl, rl);
    double p = s + 1.0;
    double kr1 = fma(k, 0.5, SHIFT);
    long b = doubleToRawLongBits(kr);
    long b1 = doubleToRawLongBits(kr1);
    double s1 = longBitsToDouble((b1 + 1023L) << 52);
    double s2 = longBitsToDouble((b - b1 + 1023L) << 52);
    return p * s1 * s2;
  }

  // ---- log ----

  static double log(double x) {
    if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
      return Math.log(x);
    }
    long ix = doubleToRawLongBits(x) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    double f = longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    double hfsq = f * 0.5 * f;
    double s = f / (f + 2.0);
    double z = s * s;
    double w = z * z;
    double t1 = fma(fma(w, LG6, LG4), w, LG2) * w;
    double t2 = fma(fma(fma(w, LG7, LG5), w, LG3), w, LG1) * z;
    double rr = t2 + t1;
    return fma(s, hfsq + rr, dk * LN2_LO_32) - hfsq + f + dk * LN2_HI_32;
  }

  // ---- sin / cos ----

  static double sin(double x) {
    return Math.abs(x) <= TRIG_MAX ? trig(x, 0L) : Math.sin(x);
  }

  static double cos(double x) {
    return Math.abs(x) <= TRIG_MAX ? trig(x, 1L) : Math.cos(x);
  }

  private static double trig(double x, long qAdd) {
    double kr = fma(x, TWO_OVER_PI, SHIFT);
    double q = kr - SHIFT;
    double t1 = fma(q, -PIO2_1, x);
    double ph = q * PIO2_2;
    double pl = fma(q, PIO2_2, -ph);
    double rh = t1 - ph;
    double bb = rh - t1;
    double e = t1 - (rh - bb) - (ph + bb);
    double rl = e - fma(q, PIO2_3, pl);
    double z = rh * rh;
    double w = z * z;
    double sr = fma(fma(z, S4, S3), z, S2) + z * w * fma(z, S6, S5);
    double vv = z * rh;
    double sinv = rh - (z * fma(rl, 0.5, -(vv * sr)) - rl - vv * S1);
    double cr = fma(fma(z, C3, C2), z, C1) * z + w * w * fma(fma(z, C6, C5), z, C4);
    double hz = z * 0.5;
    double w1 = 1.0 - hz;
    double cosv = w1 + (1.0 - w1 - hz + (z * cr - rh * rl));
    long qb = doubleToRawLongBits(kr) + qAdd;
    long odd = -(qb & 1L);
    long sb = doubleToRawLongBits(sinv);
    long sel = sb ^ ((sb ^ doubleToRawLongBits(cosv)) & odd);
    return longBitsToDouble(sel ^ ((qb & 2L) << 62));
  }

  // ---- atan ----

  static double atan(double x) {
    double ax = Math.abs(x);
    boolean m1 = ax >= 0.4375;
    boolean m2 = ax >= 0.6875;
    boolean m3 = ax >= 1.1875;
    boolean m4 = ax >= 2.4375;
    double cc = m3 ? 1.5 : m2 ? 1.0 : m1 ? 0.5 : 0.0;
    double hi = m4 ? ATAN_HI4 : m3 ? ATAN_HI3 : m2 ? ATAN_HI2 : m1 ? ATAN_HI1 : 0.0;
    double lo = m4 ? ATAN_LO4 : m3 ? ATAN_LO3 : m2 ? ATAN_LO2 : m1 ? ATAN_LO1 : 0.0;
    double num = m4 ? -1.0 : ax - cc;
    double den = m4 ? ax : fma(cc, ax, 1.0);
    double t = num / den;
    double z = t * t;
    double w = z * z;
    double s1 = fma(fma(fma(fma(fma(w, AT10, AT8), w, AT6), w, AT4), w, AT2), w, AT0) * z;
    double s2 = fma(fma(fma(fma(w, AT9, AT7), w, AT5), w, AT3), w, AT1) * w;
    double res = hi - (t * (s1 + s2) - lo - t);
    return longBitsToDouble(doubleToRawLongBits(res) | (doubleToRawLongBits(x) & Long.MIN_VALUE));
  }

  // ---- expm1, tanh, sigmoid ----

  /** {@link VecMathDouble}'s expm1Pair: {kr, high, low} of expm1(a − k ln2) for |a| ≤ 746. */
  private static void expm1Pair(double a, double[] out) {
    double kr = fma(a, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r1 = fma(k, -LN2_HI, a);
    double cc = k * -LN2_LO;
    double r = r1 + cc;
    double rl = r1 - r + cc;
    double q = expPoly(r, false);
    double rr = r * r;
    double hr = rr * 0.5;
    double emh = r + hr;
    double eml = r - emh + hr + fma(fma(r, r, -rr), 0.5, rr * r * q) + fma(emh, rl, rl);
    double em = emh + eml;
    out[0] = kr;
    out[1] = em;
    out[2] = emh - em + eml;
  }

  static double expm1(double x) {
    if (x > 709.0) {
      return Math.expm1(x);
    }
    double a = x < -45.0 ? -45.0 : x;
    double[] p = new double[3];
    expm1Pair(a, p);
    double scale = scale(p[0]);
    double am1 = scale - 1.0;
    double pp = scale * p[1];
    double sh = am1 + pp;
    double res = sh + fma(scale, p[2], am1 - sh + pp);
    return x == 0.0 ? x : res;
  }

  static double tanh(double x) {
    double ax = Math.abs(x);
    double a = (ax > 22.0 ? 22.0 : ax) * 2.0;
    double[] p = new double[3];
    expm1Pair(a, p);
    boolean big = Math.abs(x) >= 1.0;
    double scale = scale(p[0]);
    double am1 = scale - 1.0;
    double pp = scale * p[1];
    double uh = am1 + pp;
    double ul = fma(scale, p[2], am1 - uh + pp);
    double dh = uh + 2.0;
    double bb = dh - uh;
    double dl = uh - (dh - bb) + (2.0 - bb) + ul;
    double t = (big ? 2.0 : uh) / dh;
    double ts = (ul - t * dl) * fma(-t, 0.5, 0.5) + t;
    double res = big ? 1.0 - t : ts;
    return longBitsToDouble(doubleToRawLongBits(Math.abs(res)) | (doubleToRawLongBits(x) & Long.MIN_VALUE));
  }

  static double sigmoid(double x) {
    double ax = Math.abs(x);
    if (ax > EXP_FAST_MAX) {
      return sigmoidByExp(x);
    }
    double[] p = new double[3];
    expm1Pair(-ax, p);
    double scale = scale(p[0]);
    double ph = p[1] + 1.0;
    double pl = 1.0 - ph + p[1] + p[2];
    double eh = ph * scale;
    double el = pl * scale;
    double dh = eh + 1.0;
    double dl = 1.0 - dh + eh + el;
    boolean pos = x >= 0.0;
    double t = (pos ? 1.0 : eh) / dh;
    double inv = pos ? t : 1.0 - t;
    return fma((pos ? 0.0 : el) - t * dl, inv, t);
  }

  /** 1/(1+e^-x), e^x/(1+e^x) for x &lt; 0, with Math.exp: for |x| &gt; 708 (subnormal results). */
  static double sigmoidByExp(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  // ---- log1p ----

  static double log1p(double x) {
    if (!(x > -1.0 && x <= Double.MAX_VALUE)) {
      return Math.log1p(x);
    }
    double u = x + 1.0;
    long ix = doubleToRawLongBits(u) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    boolean k0 = dk == 0.0;
    double f = k0 ? x : longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    double corr = x > 1.0 ? 1.0 - (u - x) : x - (u - 1.0);
    double c = k0 ? 0.0 : corr / u;
    double hfsq = f * 0.5 * f;
    double s = f / (f + 2.0);
    double z = s * s;
    double w = z * z;
    double t1 = fma(fma(w, LG6, LG4), w, LG2) * w;
    double t2 = fma(fma(fma(w, LG7, LG5), w, LG3), w, LG1) * z;
    double rr = t2 + t1;
    double res = fma(s, hfsq + rr, fma(dk, LN2_LO_32, c)) - hfsq + f + dk * LN2_HI_32;
    return x == 0.0 ? x : res;
  }

  // ---- pow ----

  /** Elements the vector pow does not handle (they go to Math.pow). */
  static boolean powSpecial(double a, double b, boolean negOk) {
    double aa = Math.abs(a);
    return !(aa >= Double.MIN_NORMAL && aa <= Double.MAX_VALUE) || !(Math.abs(b) <= Double.MAX_VALUE)
        || (a < 0 && !negOk);
  }

  /** {@code Math.pow(a, b)} as the elementwise vector kernel computes it. */
  static double pow(double a, double b) {
    if (powSpecial(a, b, Math.abs(b) < 0x1p51)) {
      return Math.pow(a, b);
    }
    double res = powMagnitude(a, b);
    double bs = b + SHIFT;
    boolean notInt = bs - SHIFT != b;
    long oddSign = (doubleToRawLongBits(bs) << 63) & doubleToRawLongBits(a);
    res = longBitsToDouble(doubleToRawLongBits(res) ^ oddSign);
    res = a < 0.0 && notInt ? Double.NaN : res;
    return b == 1.0 ? a : res;
  }

  /**
   * {@code Math.pow(a, p)} as the scalar-exponent vector kernel computes it (p finite and not
   * 0, 1, 2, −1 or 0.5; {@code negOk}: p is an integer below 2^51, {@code pOdd}: an odd one).
   */
  static double powScalar(double a, double p, boolean negOk, boolean pOdd) {
    if (powSpecial(a, p, negOk)) {
      return Math.pow(a, p);
    }
    double res = powMagnitude(a, p);
    return longBitsToDouble(doubleToRawLongBits(res) ^ (doubleToRawLongBits(a) & (pOdd ? Long.MIN_VALUE : 0L)));
  }

  /**
   * {@code y = Math.pow(x, p)} for a scalar exponent, as {@link VecMathDouble#pow(double[], int,
   * double, double[], int, int)} computes it element by element (with its shortcuts for p = 0,
   * 1, 2, −1 and 0.5).
   */
  static void pow(double[] x, int xo, double p, double[] y, int yo, int n) {
    if (!(Math.abs(p) <= Double.MAX_VALUE)) {
      for (int i = 0; i < n; i++) {
        y[yo + i] = Math.pow(x[xo + i], p);
      }
    } else if (p == 0.0) {
      java.util.Arrays.fill(y, yo, yo + n, 1.0);
    } else if (p == 1.0) {
      System.arraycopy(x, xo, y, yo, n);
    } else if (p == 2.0) {
      for (int i = 0; i < n; i++) {
        double v = x[xo + i];
        y[yo + i] = v * v;
      }
    } else if (p == -1.0) {
      for (int i = 0; i < n; i++) {
        y[yo + i] = 1.0 / x[xo + i];
      }
    } else if (p == 0.5) {
      for (int i = 0; i < n; i++) {
        double v = x[xo + i];
        y[yo + i] = v == 0.0 ? 0.0 : v == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : Math.sqrt(v);
      }
    } else {
      boolean negOk = Math.abs(p) < 0x1p51 && Math.rint(p) == p;
      boolean pOdd = negOk && (((long) p) & 1L) != 0;
      for (int i = 0; i < n; i++) {
        y[yo + i] = powScalar(x[xo + i], p, negOk, pOdd);
      }
    }
  }

  /** |a|^b: log|a| as a double-double, times b, exp with two-step scaling (stages 1 to 3 of the kernel). */
  private static double powMagnitude(double a, double b) {
    double ax = Math.abs(a);
    long ix = doubleToRawLongBits(ax) + LOG_OFF;
    double dk = longBitsToDouble((ix >>> 52) | TWO52_BITS) - EXP_BIAS_D;
    double f = longBitsToDouble((ix & MANT) + LOG_M0) - 1.0;
    double dh = f + 2.0;
    double dl = f - (dh - 2.0);
    double sh = f / dh;
    double nsh = -sh;
    double sl = fma(nsh, dl, fma(nsh, dh, f)) * fma(nsh, 0.5, 0.5);
    double z = sh * sh;
    double zl = fma(sh, sh, -z);
    double s3h = z * sh;
    double s3l = fma(z, sh, -s3h) + zl * sh + z * sl * 3.0;
    double t3h = s3h * TWO_THIRDS_HI;
    double t3l = fma(s3h, TWO_THIRDS_HI, -t3h) + s3l * TWO_THIRDS_HI + s3h * TWO_THIRDS_LO;
    double poly = fma(fma(fma(fma(fma(fma(fma(z, R7, R6), z, R5), z, R4), z, R3), z, R2), z, R1), z, R0);
    double t5 = s3h * z * poly;
    double s2 = sh + sh;
    double mh = s2 + t3h;
    double ml = s2 - mh + t3h + (sl + sl + t3l + t5);
    double kh = dk * LN2_HI;
    double kl = fma(dk, LN2_HI, -kh) + dk * LN2_LO;
    double lh = kh + mh;
    double ll = kh - lh + mh + (kl + ml);
    // y = b (lh + ll), clamped; k = rint(y/ln2), r = y - k ln2
    double yh = lh * b;
    double yl = fma(lh, b, -yh) + ll * b;
    boolean clampHi = yh > POW_Y_MAX;
    boolean clampLo = yh < -POW_Y_MAX;
    yl = clampHi || clampLo ? 0.0 : yl;
    yh = clampHi ? POW_Y_MAX : clampLo ? -POW_Y_MAX : yh;
    double kr = fma(yh, INV_LN2, SHIFT);
    double k = kr - SHIFT;
    double r1 = fma(k, -LN2_HI, yh);
    double cc = fma(k, -LN2_LO, yl);
    double r = r1 + cc;
    double rl = r1 - r + cc;
    double q = expPoly(r, true);
    double s = fma(r * r, q, r);
    double pm = s + fma(s, rl, rl) + 1.0;
    double kr1 = fma(kr - SHIFT, 0.5, SHIFT);
    long kb = doubleToRawLongBits(kr);
    long kb1 = doubleToRawLongBits(kr1);
    return pm * longBitsToDouble((kb1 + 1023L) << 52) * longBitsToDouble((kb - kb1 + 1023L) << 52);
  }
}
