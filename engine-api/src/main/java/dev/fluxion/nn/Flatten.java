package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.Arrays;

/** Flattens every axis but the first: {@code (N, d1, d2, ...) → (N, d1·d2·...)}. */
public final class Flatten extends Module {
  @Override
  public Tensor forward(Tensor x) {
    if (x.ndim() < 1) {
      throw new IllegalArgumentException("Flatten: needs a batch axis, got a 0-d tensor");
    }
    long n = x.shape()[0];
    long rest = n == 0 ? Arrays.stream(x.shape()).skip(1).reduce(1, (a, b) -> a * b) : x.size() / n;
    return x.reshape(n, rest);
  }

  @Override
  protected String describe() {
    return "Flatten()";
  }
}
