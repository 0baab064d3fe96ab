package dev.fluxion.cli.sweep;

/** Numbers as the sweep prints them: the shortest text that reads back to the same value of the dtype. */
public final class Numbers {
  private Numbers() {}

  /** {@code v} with float digits when {@code float32} ({@code 83.98471}, not {@code 83.98471069335938}). */
  public static String format(double v, boolean float32) {
    return float32 ? Float.toString((float) v) : Double.toString(v);
  }

  /** Appends {@link #format} without building a string for the common FLOAT64 case. */
  public static void append(StringBuilder b, double v, boolean float32) {
    if (float32) {
      b.append((float) v);
    } else {
      b.append(v);
    }
  }
}
