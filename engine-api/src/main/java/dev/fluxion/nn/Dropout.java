package dev.fluxion.nn;

import dev.fluxion.Rng;
import dev.fluxion.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and
 * the survivors are scaled by {@code 1/(1−p)}, so that the expectation is unchanged; in
 * evaluation mode ({@link Module#eval()}) it is the identity. The masks come from a
 * generator ({@link Rng}), one draw per training-mode {@link #forward}, so a run is
 * reproducible on every device.
 */
public final class Dropout extends Module {
  private final double p;
  private final Rng rng;

  /** Masks from {@code Rng.of(seed)}. */
  public Dropout(double p, long seed) {
    this(p, Rng.of(seed));
  }

  /** Masks from the draws of {@code rng}. */
  public Dropout(double p, Rng rng) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
    }
    this.p = p;
    this.rng = rng;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    if (!x.dtype().isFloating()) {
      throw new IllegalArgumentException("Dropout: needs a floating input, got " + x.dtype().numpyName());
    }
    Tensor keep = Tensor.rand(rng, x.dtype(), x.device(), x.shape()).ge(p);
    return Tensor.where(keep, x.mul(1 / (1 - p)), 0.0);
  }

  @Override
  boolean drawsRandomNumbers() {
    return isTraining() && p > 0;
  }

  @Override
  protected String describe() {
    return "Dropout(p=" + p + ")";
  }
}
