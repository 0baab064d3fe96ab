package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a {@link Summary} for people. */
public final class SummaryReport {
  private static final int SHOWN_CRITICAL_POINTS = 20;

  private SummaryReport() {}

  public static void print(PrintStream out, Summary s, SweepSpec spec) {
    Grid grid = spec.grid();
    boolean f32 = spec.dtype() == DType.FLOAT32;
    out.printf(Locale.ROOT, "summary of f = %s over %s%s (%d points, %s)%n", spec.formula(), axes(grid),
        grid.zip() ? " zipped" : "", s.points(), spec.dtype().numpyName());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"", "min", "at", "max", "at"});
    for (int m = 0; m < s.names().size(); m++) {
      Summary.Column c = s.column(m);
      rows.add(new String[] {s.names().get(m), c.argMin < 0 ? "-" : Numbers.format(c.min, f32), point(grid, c.argMin, f32),
          c.argMax < 0 ? "-" : Numbers.format(c.max, f32), point(grid, c.argMax, f32)});
    }
    printTable(out, rows);
    if (grid.zip()) {
      out.println("integral of f: not defined for --zip sweeps");
    } else {
      out.println("integral of f (trapezoid rule over the grid): " + Numbers.format(s.integral(grid), false));
    }
    if (s.scansCriticalPoints()) {
      printCriticalPoints(out, s, grid, f32);
    } else {
      out.println("critical points: located for sweeps of one variable only");
    }
    printNonFinite(out, s, grid, f32);
  }

  private static void printCriticalPoints(PrintStream out, Summary s, Grid grid, boolean f32) {
    out.println("critical points of f (sign changes of f'): " + s.criticalPointCount());
    int shown = 0;
    for (Summary.CriticalPoint p : s.criticalPoints()) {
      if (shown++ == SHOWN_CRITICAL_POINTS) {
        out.println("  ... (" + (s.criticalPointCount() - SHOWN_CRITICAL_POINTS) + " more)");
        break;
      }
      String kind = p.isMinimum() ? "minimum" : "maximum";
      double xl = grid.coordinate(0, p.low());
      double xh = grid.coordinate(0, p.high());
      if (p.zeroAt() >= 0) {
        out.printf(Locale.ROOT, "  %s at x = %s (f' = 0 there), f = %s%n", kind,
            Numbers.format(grid.coordinate(0, p.zeroAt()), f32), Numbers.format(p.fZero(), f32));
      } else {
        double x = xl + (xh - xl) * p.dfLow() / (p.dfLow() - p.dfHigh());
        boolean nearLow = Math.abs(p.dfLow()) <= Math.abs(p.dfHigh());
        out.printf(Locale.ROOT, "  %s between x = %s and x = %s (f' from %s to %s; x ≈ %s by interpolation), f ≈ %s%n",
            kind, Numbers.format(xl, f32), Numbers.format(xh, f32), Numbers.format(p.dfLow(), f32),
            Numbers.format(p.dfHigh(), f32), Numbers.format(x, false), Numbers.format(nearLow ? p.fLow() : p.fHigh(), f32));
      }
    }
  }

  private static void printNonFinite(PrintStream out, Summary s, Grid grid, boolean f32) {
    boolean any = false;
    for (int m = 0; m < s.names().size(); m++) {
      Summary.Column c = s.column(m);
      List<String> parts = new ArrayList<>();
      if (c.nan > 0) {
        parts.add(c.nan + " NaN (first at " + point(grid, c.firstNan, f32) + ")");
      }
      if (c.posInf > 0) {
        parts.add(c.posInf + " +inf (first at " + point(grid, c.firstPosInf, f32) + ")");
      }
      if (c.negInf > 0) {
        parts.add(c.negInf + " -inf (first at " + point(grid, c.firstNegInf, f32) + ")");
      }
      if (!parts.isEmpty()) {
        out.println("non-finite " + s.names().get(m) + ": " + String.join(", ", parts));
        any = true;
      }
    }
    if (!any) {
      out.println("non-finite values: none");
    }
  }

  /** {@code x=1.5} or {@code x=1.5, y=-2}. */
  static String point(Grid grid, long index, boolean f32) {
    if (index < 0) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < grid.dimensions(); k++) {
      if (k > 0) {
        b.append(", ");
      }
      double c = grid.coordinate(k, index);
      b.append(grid.axes().get(k).name()).append('=').append(Numbers.format(f32 ? (float) c : c, f32));
    }
    return b.toString();
  }

  private static String axes(Grid grid) {
    List<String> parts = new ArrayList<>();
    for (Axis a : grid.axes()) {
      parts.add(a.name() + " in [" + Numbers.format(a.from(), false) + ", " + Numbers.format(a.to(), false) + "] ("
          + a.points() + ")");
    }
    return String.join(" × ", parts);
  }

  private static void printTable(PrintStream out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
