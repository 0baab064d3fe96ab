package dev.fluxion.cli.sweep;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Axis ticks that read well (Heckbert's "nice numbers"): steps of 1, 2 or 5 times a power of ten,
 * the axis extended to whole steps so that both ends carry a label, and labels with as many
 * decimals as the step needs (scientific notation for very large or very small values).
 */
final class AxisLabels {
  private AxisLabels() {}

  /** Ticks covering [lo, hi] with about {@code count} labels: {first, last, step}. */
  static double[] ticks(double lo, double hi, int count) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double step = nice((nice(hi - lo, false)) / (count - 1), true);
    return new double[] {Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step};
  }

  private static double nice(double x, boolean round) {
    double exp = Math.floor(Math.log10(x));
    double f = x / Math.pow(10, exp);
    double nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
    return nf * Math.pow(10, exp);
  }

  /** The DecimalFormat pattern for labels of ticks {@code step} apart up to magnitude {@code magnitude}. */
  static String pattern(double magnitude, double step) {
    if (magnitude >= 1e6 || (step < 1e-4 && magnitude < 1e-3) || step < 1e-6) {
      return "0.###E0";
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return decimals == 0 ? "0" : "0." + "0".repeat(Math.min(decimals, 12));
  }

  static String format(double v, String pattern) {
    String s = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    return s.startsWith("-") && s.matches("-0(\\.0*)?(E0)?") ? s.substring(1) : s;
  }

  /** {@code v} with at most 6 significant digits, as plain text where that is short. */
  static String shortest(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
    double magnitude = Math.abs(v);
    return magnitude >= 1e6 || magnitude < 1e-4 ? d.toString() : d.toPlainString();
  }
}
