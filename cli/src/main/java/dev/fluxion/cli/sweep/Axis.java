package dev.fluxion.cli.sweep;

import java.io.Serializable;

/**
 * One variable of a sweep and its evenly spaced points: point {@code i} of {@code points} is
 * {@code from + i·(to − from)/(points − 1)}, and the last is {@code to} exactly — the values of
 * {@code Tensor.linspace(from, to, points)}, bit for bit.
 *
 * @param name the variable's name in the formula
 */
public record Axis(String name, double from, double to, long points) implements Serializable {
  public Axis {
    if (!Double.isFinite(from) || !Double.isFinite(to)) {
      throw new IllegalArgumentException("the range of " + name + " must have finite bounds, got " + from + ":" + to);
    }
    if (points < 1) {
      throw new IllegalArgumentException("the range of " + name + " needs at least 1 point, got " + points);
    }
  }

  /**
   * Parses {@code NAME=FROM:TO:POINTS}, e.g. {@code x=0:1:1000} or {@code y=-pi:pi:500}
   * ({@code pi}, {@code -pi} and {@code e} are accepted as bounds).
   */
  public static Axis parse(String spec) {
    int eq = spec.indexOf('=');
    String[] parts = eq < 0 ? new String[0] : spec.substring(eq + 1).split(":", -1);
    if (eq < 1 || parts.length != 3) {
      throw new IllegalArgumentException("--var needs NAME=FROM:TO:POINTS (e.g. x=0:1:1000), got '" + spec + "'");
    }
    String name = spec.substring(0, eq).trim();
    double from = bound(name, parts[0]);
    double to = bound(name, parts[1]);
    long points;
    try {
      points = Long.parseLong(parts[2].trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--var " + name + ": the number of points must be a whole number, got '"
          + parts[2] + "'");
    }
    return new Axis(name, from, to, points);
  }

  private static double bound(String name, String text) {
    String t = text.trim();
    double sign = t.startsWith("-") ? -1 : 1;
    String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    if (body.equals("pi")) {
      return sign * Math.PI;
    }
    if (body.equals("e")) {
      return sign * Math.E;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--var " + name + ": '" + text + "' is not a number");
    }
  }

  /** The distance between neighbouring points (0 for a single point). */
  public double step() {
    return points > 1 ? (to - from) / (points - 1) : 0;
  }

  /** Point {@code i} (0 ≤ i < points), as {@code Tensor.linspace} computes it in double precision. */
  public double at(long i) {
    return i == points - 1 && points > 1 ? to : from + i * step();
  }

  /** The trapezoid rule's weight of point {@code i}: the step, halved at both ends. */
  public double trapezoidWeight(long i) {
    double h = step();
    return i == 0 || i == points - 1 ? h / 2 : h;
  }

  @Override
  public String toString() {
    return name + "=" + from + ":" + to + ":" + points;
  }
}
