package dev.fluxion.nn;

import dev.fluxion.Tensor;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and
 * the survivors are scaled by {@code 1/(1−p)}, so that the expectation is unchanged; in
 * evaluation mode ({@link Module#eval()}) it is the identity. The masks are seeded: call
 * {@code k} of {@link #forward} uses the seed {@code derive(seed, k)}, so a run is
 * reproducible on every device.
 */
public final class Dropout extends Module {
  private final double p;
  private final long seed;
  private long calls;

  public Dropout(double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
    }
    this.p = p;
    this.seed = seed;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    if (!x.dtype().isFloating()) {
      throw new IllegalArgumentException("Dropout: needs a floating input, got " + x.dtype().numpyName());
    }
    Tensor keep = Tensor.rand(x.dtype(), x.device(), Init.derive(seed, calls++), x.shape()).ge(p);
    return Tensor.where(keep, x.mul(1 / (1 - p)), 0.0);
  }

  @Override
  protected String describe() {
    return "Dropout(p=" + p + ")";
  }
}
