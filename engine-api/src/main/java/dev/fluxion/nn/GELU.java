package dev.fluxion.nn;

/**
 * The Gaussian error linear unit, exact form (PyTorch's default):
 * {@code GELU(x) = x·Φ(x) = ½·x·(1 + erf(x/√2))}; derivative {@code Φ(x) + x·φ(x)}.
 */
public final class GELU extends Activation {
  public GELU() {
    super("GELU", x -> x.mul(x.mul(1 / Math.sqrt(2)).erf().add(1)).mul(0.5));
  }
}
