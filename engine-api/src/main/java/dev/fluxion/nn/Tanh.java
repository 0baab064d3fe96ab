package dev.fluxion.nn;

/** {@code tanh x}; derivative {@code 1 − tanh²x}. */
public final class Tanh extends Activation {
  public Tanh() {
    super("Tanh", x -> x.tanh());
  }
}
