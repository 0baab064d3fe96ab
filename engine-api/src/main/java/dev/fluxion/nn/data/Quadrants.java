package dev.fluxion.nn.data;

import java.util.SplittableRandom;

/**
 * The classic small problem: points uniform in [−1, 1]² labelled by the signs of their
 * coordinates, 4 classes — label {@code 0} for (+, +), {@code 1} for (−, +), {@code 2} for
 * (−, −), {@code 3} for (+, −) — with label noise: the label is taken from the signs of
 * {@code (x + σ·n₁, y + σ·n₂)} with standard normal {@code n₁, n₂}, so points near an axis may
 * carry a neighbouring quadrant's label. Softmax regression separates the classes (the
 * Bayes-optimal boundaries are the axes), so it reaches about {@code 1 − 2·0.4·σ} accuracy.
 */
public final class Quadrants {
  private Quadrants() {}

  /** {@code n} seeded samples of shape {@code (2)} with noise {@code sigma} (≥ 0). */
  public static Dataset make(int n, double sigma, long seed) {
    if (n < 0 || !(sigma >= 0)) {
      throw new IllegalArgumentException("Quadrants: need n >= 0 and sigma >= 0, got " + n + ", " + sigma);
    }
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double a = 2 * r.nextDouble() - 1;
      double b = 2 * r.nextDouble() - 1;
      x[2 * i] = (float) a;
      x[2 * i + 1] = (float) b;
      y[i] = label(a + sigma * gaussian(r), b + sigma * gaussian(r));
    }
    return new Dataset("quadrants(sigma=" + sigma + ")", x, y, new long[] {2}, 4);
  }

  /** The quadrant of a point: 0 (+,+), 1 (−,+), 2 (−,−), 3 (+,−). */
  public static int label(double a, double b) {
    if (b >= 0) {
      return a >= 0 ? 0 : 1;
    }
    return a < 0 ? 2 : 3;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
