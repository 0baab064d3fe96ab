package dev.fluxion.conformance;

import dev.fluxion.Shape;
import dev.fluxion.Tensor;
import java.util.Random;

/**
 * Random test inputs drawn on the host (so every backend sees the same numbers) and made into
 * FLOAT64 variables on the default device. Domains keep away from kinks, poles and ties by a
 * margin much larger than a finite-difference step.
 */
final class Data {
  private Data() {}

  /** A sampler of one element. */
  interface Domain {
    double next(Random r);
  }

  static Domain uniform(double lo, double hi) {
    return r -> lo + (hi - lo) * r.nextDouble();
  }

  /** {@code ±[lo, hi)} with a random sign: no zero, no kink at zero. */
  static Domain awayFromZero(double lo, double hi) {
    return r -> (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
  }

  /**
   * Points of the grid {@code offset + k/2} for k in [−4, 4]: two tensors on grids with offsets
   * 0 and 0.25 never come closer than 0.25 (no ties for max/min, whatever broadcasting pairs).
   */
  static Domain grid(double offset) {
    return r -> offset + 0.5 * (r.nextInt(9) - 4);
  }

  static double[] sample(Random r, Domain d, long... shape) {
    double[] out = new double[(int) Shape.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.next(r);
    }
    return out;
  }

  /** A FLOAT64 variable on the default device. */
  static Tensor variable(Random r, Domain d, long... shape) {
    return Tensor.from(sample(r, d, shape), shape);
  }

  /** Distinct values (a shuffled ramp plus jitter): no ties, gaps ≥ 0.05. */
  static double[] distinct(Random r, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = -1.0 + 0.1 * i + 0.04 * r.nextDouble();
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static long[] shape(long... s) {
    return s;
  }
}
