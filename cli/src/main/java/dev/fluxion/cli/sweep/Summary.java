package dev.fluxion.cli.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --summary} reports, accumulated block by block without storing points: for f and
 * each derivative the minimum and maximum (over finite values, first occurrence) and where; the
 * number of NaN, +inf and −inf values and the first point of each; the trapezoid integral of f
 * over the grid (the tensor-product rule, summed exactly: {@link ExactSum}); and, for one variable, the
 * sign changes of f′ (the critical points of f) located to the grid.
 *
 * <p>Partial summaries of consecutive ranges {@link #merge} into the summary of their union, so
 * that Spark tasks can each summarise a range.
 */
public final class Summary implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Critical points kept (all are counted). */
  public static final int MAX_CRITICAL_POINTS = 1000;

  /** Statistics of one column. */
  public static final class Column implements Serializable {
    private static final long serialVersionUID = 1L;
    public double min = Double.NaN;
    public double max = Double.NaN;
    public long argMin = -1;
    public long argMax = -1;
    public long nan;
    public long posInf;
    public long negInf;
    public long firstNan = -1;
    public long firstPosInf = -1;
    public long firstNegInf = -1;

    void add(double v, long index) {
      if (v != v) {
        if (nan++ == 0) {
          firstNan = index;
        }
      } else if (v == Double.POSITIVE_INFINITY) {
        if (posInf++ == 0) {
          firstPosInf = index;
        }
      } else if (v == Double.NEGATIVE_INFINITY) {
        if (negInf++ == 0) {
          firstNegInf = index;
        }
      } else {
        if (argMin < 0 || v < min) {
          min = v;
          argMin = index;
        }
        if (argMax < 0 || v > max) {
          max = v;
          argMax = index;
        }
      }
    }

    /** Merges the column of a later range into this one. */
    void merge(Column later) {
      if (later.argMin >= 0 && (argMin < 0 || later.min < min)) {
        min = later.min;
        argMin = later.argMin;
      }
      if (later.argMax >= 0 && (argMax < 0 || later.max > max)) {
        max = later.max;
        argMax = later.argMax;
      }
      firstNan = nan == 0 ? later.firstNan : firstNan;
      firstPosInf = posInf == 0 ? later.firstPosInf : firstPosInf;
      firstNegInf = negInf == 0 ? later.firstNegInf : firstNegInf;
      nan += later.nan;
      posInf += later.posInf;
      negInf += later.negInf;
    }
  }

  /**
   * A sign change of f′ between the grid points {@code low} and {@code high} (f′ nonzero at both,
   * zero or NaN between); {@code zeroAt} is the first point between them where f′ is exactly 0,
   * or −1.
   */
  public record CriticalPoint(long low, long high, double dfLow, double dfHigh, double fLow, double fHigh,
      long zeroAt, double fZero) implements Serializable {
    /** f′ goes from negative to positive. */
    public boolean isMinimum() {
      return dfLow < 0;
    }
  }

  /** The end of the sign-change scan of one range: the first and last points where f′ ≠ 0. */
  private static final class Edge implements Serializable {
    private static final long serialVersionUID = 1L;
    long index = -1;
    double df;
    double f;
  }

  private final List<String> names;
  private final Column[] columns;
  private final boolean scanCriticalPoints;
  private long points;
  private final ExactSum integral = new ExactSum();
  private final List<CriticalPoint> critical = new ArrayList<>();
  private long criticalCount;
  private final Edge first = new Edge();
  private final Edge last = new Edge();
  private long firstZero = -1;
  private double firstZeroF;
  private long trailingZero = -1;
  private double trailingZeroF;

  /** An empty summary of the outputs {@code names} (f, df_dx, ...) of a sweep in {@code dimensions} variables. */
  public Summary(List<String> names, int dimensions) {
    this.names = List.copyOf(names);
    this.columns = new Column[names.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = new Column();
    }
    this.scanCriticalPoints = dimensions == 1;
  }

  /** Adds a block of a sweep over {@code grid} (blocks must come in order, as must merged summaries). */
  public void add(Block b, Grid grid) {
    int n = b.count;
    for (int m = 0; m < columns.length; m++) {
      Column c = columns[m];
      double[] v = b.values[m];
      for (int i = 0; i < n; i++) {
        c.add(v[i], b.start + i);
      }
    }
    addIntegral(b, grid);
    if (scanCriticalPoints) {
      scan(b);
    }
    points += n;
  }

  private void addIntegral(Block b, Grid grid) {
    if (grid.zip()) {
      return;
    }
    double[] f = b.values[0];
    if (grid.dimensions() == 1) {
      Axis a = grid.axes().get(0);
      double h = a.step();
      long last = a.points() - 1;
      for (int i = 0; i < b.count; i++) {
        long index = b.start + i;
        integral.add((index == 0 || index == last ? h / 2 : h) * f[i]);
      }
    } else {
      for (int i = 0; i < b.count; i++) {
        integral.add(grid.trapezoidWeight(b.start + i) * f[i]);
      }
    }
  }

  private void scan(Block b) {
    double[] f = b.values[0];
    double[] df = b.values[1];
    for (int i = 0; i < b.count; i++) {
      double d = df[i];
      long index = b.start + i;
      if (d == 0) {
        if (trailingZero < 0) {
          trailingZero = index;
          trailingZeroF = f[i];
        }
        if (first.index < 0 && firstZero < 0) {
          firstZero = index;
          firstZeroF = f[i];
        }
      } else if (d == d && !Double.isInfinite(d)) {
        if (first.index < 0) {
          first.index = index;
          first.df = d;
          first.f = f[i];
        } else if ((d > 0) != (last.df > 0)) {
          record(new CriticalPoint(last.index, index, last.df, d, last.f, f[i], trailingZero, trailingZeroF));
        }
        last.index = index;
        last.df = d;
        last.f = f[i];
        trailingZero = -1;
      }
    }
  }

  private void record(CriticalPoint p) {
    if (critical.size() < MAX_CRITICAL_POINTS) {
      critical.add(p);
    }
    criticalCount++;
  }

  /** Merges the summary of the range that follows this one's. */
  public Summary merge(Summary later) {
    if (!names.equals(later.names)) {
      throw new IllegalArgumentException("Summary.merge: columns " + names + " and " + later.names);
    }
    for (int m = 0; m < columns.length; m++) {
      columns[m].merge(later.columns[m]);
    }
    integral.add(later.integral);
    points += later.points;
    if (scanCriticalPoints) {
      mergeScan(later);
    }
    return this;
  }

  private void mergeScan(Summary later) {
    if (later.first.index >= 0 && last.index >= 0 && (later.first.df > 0) != (last.df > 0)) {
      long zero = trailingZero >= 0 ? trailingZero : later.firstZero;
      double fz = trailingZero >= 0 ? trailingZeroF : later.firstZeroF;
      record(new CriticalPoint(last.index, later.first.index, last.df, later.first.df, last.f, later.first.f, zero, fz));
    }
    for (CriticalPoint p : later.critical) {
      record(p);
    }
    criticalCount += later.criticalCount - later.critical.size();
    if (first.index < 0) {
      if (firstZero < 0) {
        firstZero = later.firstZero;
        firstZeroF = later.firstZeroF;
      }
      first.index = later.first.index;
      first.df = later.first.df;
      first.f = later.first.f;
    }
    if (later.last.index >= 0) {
      last.index = later.last.index;
      last.df = later.last.df;
      last.f = later.last.f;
      trailingZero = later.trailingZero;
      trailingZeroF = later.trailingZeroF;
    } else if (trailingZero < 0) {
      trailingZero = later.firstZero;
      trailingZeroF = later.firstZeroF;
    }
  }

  public List<String> names() {
    return names;
  }

  public Column column(int m) {
    return columns[m];
  }

  public long points() {
    return points;
  }

  /** The trapezoid integral of f over the grid (NaN for zipped sweeps, where it is not defined). */
  public double integral(Grid grid) {
    return grid.zip() ? Double.NaN : integral.value();
  }

  /** The sign changes of f′ kept (at most {@link #MAX_CRITICAL_POINTS}), in order. */
  public List<CriticalPoint> criticalPoints() {
    return List.copyOf(critical);
  }

  /** All sign changes of f′ found. */
  public long criticalPointCount() {
    return criticalCount;
  }

  /** Whether the critical points were looked for (one variable only). */
  public boolean scansCriticalPoints() {
    return scanCriticalPoints;
  }
}
