package dev.fluxion.nn;

/** {@code max(x, 0)}; derivative 1 for x > 0, else 0. */
public final class ReLU extends Activation {
  public ReLU() {
    super("ReLU", x -> x.relu());
  }
}
