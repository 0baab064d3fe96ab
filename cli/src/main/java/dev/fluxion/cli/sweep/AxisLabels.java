package dev.fluxion.cli.sweep;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Tick labels that read well: as many decimals as the range needs, scientific notation for extreme magnitudes. */
final class AxisLabels {
  private AxisLabels() {}

  /** A DecimalFormat pattern for ticks between {@code lo} and {@code hi}. */
  static String pattern(double lo, double hi) {
    double range = Math.abs(hi - lo);
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    if (!Double.isFinite(range) || magnitude == 0) {
      return "0.###";
    }
    if (magnitude >= 1e6 || (range > 0 && range < 1e-4) || magnitude < 1e-4) {
      return "0.###E0";
    }
    int decimals = range == 0 ? 3 : Math.max(0, (int) Math.ceil(-Math.log10(range / 10)));
    return decimals == 0 ? "0" : "0." + "#".repeat(Math.min(decimals + 1, 10));
  }

  static String format(double v, String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
  }
}
