package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.function.UnaryOperator;

/** Parameter-free elementwise layers; see {@link ReLU}, {@link Tanh}, {@link Sigmoid}, {@link GELU}. */
abstract class Activation extends Module {
  private final String name;
  private final UnaryOperator<Tensor> f;

  Activation(String name, UnaryOperator<Tensor> f) {
    this.name = name;
    this.f = f;
  }

  @Override
  public Tensor forward(Tensor x) {
    return f.apply(x);
  }

  @Override
  protected String describe() {
    return name + "()";
  }
}
