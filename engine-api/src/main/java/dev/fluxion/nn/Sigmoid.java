package dev.fluxion.nn;

/** {@code σ(x) = 1/(1+e^−x)}; derivative {@code σ(x)(1−σ(x))}. */
public final class Sigmoid extends Activation {
  public Sigmoid() {
    super("Sigmoid", x -> x.sigmoid());
  }
}
