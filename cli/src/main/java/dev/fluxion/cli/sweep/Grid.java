package dev.fluxion.cli.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The points of a sweep, numbered 0 … size−1. With several axes they form the grid of every
 * combination, the first axis varying slowest (NumPy's {@code meshgrid(..., indexing="ij")}
 * flattened row-major); zipped, point {@code i} takes point {@code i} of every axis (all axes
 * then have the same number of points).
 */
public record Grid(List<Axis> axes, boolean zip) implements Serializable {
  public Grid {
    axes = List.copyOf(axes);
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one variable");
    }
    for (int i = 0; i < axes.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (axes.get(i).name().equals(axes.get(j).name())) {
          throw new IllegalArgumentException("--var " + axes.get(i).name() + " is given twice");
        }
      }
    }
    if (zip) {
      for (Axis a : axes) {
        if (a.points() != axes.get(0).points()) {
          throw new IllegalArgumentException("--zip pairs points, so every --var needs the same number of points; "
              + axes.get(0) + " has " + axes.get(0).points() + " but " + a + " has " + a.points());
        }
      }
    } else {
      long n = 1;
      for (Axis a : axes) {
        if (n > Long.MAX_VALUE / a.points()) {
          throw new IllegalArgumentException("the grid of " + axes + " has more than " + Long.MAX_VALUE + " points");
        }
        n *= a.points();
      }
    }
  }

  /** The grid of one variable. */
  public static Grid of(Axis axis) {
    return new Grid(List.of(axis), false);
  }

  public int dimensions() {
    return axes.size();
  }

  /** The number of points. */
  public long size() {
    if (zip) {
      return axes.get(0).points();
    }
    long n = 1;
    for (Axis a : axes) {
      n *= a.points();
    }
    return n;
  }

  /** The index along axis {@code k} of point {@code index}. */
  public long indexOn(int k, long index) {
    if (zip) {
      return index;
    }
    long stride = 1;
    for (int j = axes.size() - 1; j > k; j--) {
      stride *= axes.get(j).points();
    }
    return index / stride % axes.get(k).points();
  }

  /** The coordinate on axis {@code k} of point {@code index}. */
  public double coordinate(int k, long index) {
    return axes.get(k).at(indexOn(k, index));
  }

  /** The trapezoid rule's weight of point {@code index}: the product of its axes' weights. */
  public double trapezoidWeight(long index) {
    double w = 1;
    for (int k = 0; k < axes.size(); k++) {
      w *= axes.get(k).trapezoidWeight(indexOn(k, index));
    }
    return w;
  }

  /**
   * Writes the coordinates of points {@code start … start+count−1} into {@code coords[k][0 …
   * count−1]}, one row per axis; {@code float32} rounds them to float as the device will see them.
   */
  public void fill(long start, int count, double[][] coords, boolean float32) {
    int dims = axes.size();
    long[] idx = new long[dims];
    for (int k = 0; k < dims; k++) {
      idx[k] = indexOn(k, start);
    }
    for (int k = 0; k < dims; k++) {
      Axis a = axes.get(k);
      double[] c = coords[k];
      double from = a.from();
      double step = a.step();
      long last = a.points() - 1;
      double to = a.to();
      if (zip || k == dims - 1) {
        long i0 = idx[k];
        long n = a.points();
        for (int j = 0; j < count; j++) {
          long i = zip ? i0 + j : (i0 + j) % n;
          double v = i == last && last > 0 ? to : from + i * step;
          c[j] = float32 ? (float) v : v;
        }
      } else {
        long stride = 1;
        for (int m = dims - 1; m > k; m--) {
          stride *= axes.get(m).points();
        }
        long within = start % stride;
        long i = idx[k];
        double v = value(a, i, float32);
        for (int j = 0; j < count; j++) {
          if (within == stride) {
            within = 0;
            i = i == last ? 0 : i + 1;
            v = value(a, i, float32);
          }
          c[j] = v;
          within++;
        }
      }
    }
  }

  private static double value(Axis a, long i, boolean float32) {
    double v = a.at(i);
    return float32 ? (float) v : v;
  }
}
