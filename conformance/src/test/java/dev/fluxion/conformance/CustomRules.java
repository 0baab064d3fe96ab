package dev.fluxion.conformance;

import dev.fluxion.Autodiff;
import dev.fluxion.Tensor;
import java.util.function.Function;

/** Functions with custom derivative rules shared by the primitive table and the custom-rule suite. */
final class CustomRules {
  private CustomRules() {}

  /** {@code log(1 + eˣ)} computed stably: {@code max(x, 0) + log1p(e^(−|x|))}. */
  static Tensor log1pexp(Tensor x) {
    return x.relu().add(x.abs().neg().exp().log1p());
  }

  /** The textbook form, whose autodiff derivative {@code eˣ/(1 + eˣ)} is ∞/∞ = NaN at x = 1000. */
  static Tensor log1pexpNaive(Tensor x) {
    return x.exp().add(1.0).log();
  }

  /** log1pexp with the VJP rule {@code ct·σ(x)} only. */
  static final Function<Tensor, Tensor> LOG1PEXP = Autodiff.customVjp(CustomRules::log1pexp, (x, ct) -> ct.mul(x.sigmoid()));

  /** log1pexp with both rules. */
  static final Function<Tensor, Tensor> LOG1PEXP_BOTH = Autodiff.customVjp(CustomRules::log1pexp,
      (x, ct) -> ct.mul(x.sigmoid()), (x, t) -> t.mul(x.sigmoid()));

  /** log1pexp with the JVP rule {@code t·σ(x)} only (reverse mode transposes it). */
  static final Function<Tensor, Tensor> LOG1PEXP_JVP = Autodiff.customJvp(CustomRules::log1pexp, (x, t) -> t.mul(x.sigmoid()));

  /** {@code a·sin(b)} (b broadcast over a's rows) with both rules written by hand. */
  static final Function<Tensor[], Tensor> A_SIN_B = Autodiff.customVjpN(
      x -> x[0].mul(x[1].sin()),
      (x, ct) -> new Tensor[] {ct.mul(x[1].sin()), ct.mul(x[0]).mul(x[1].cos()).sum(0)},
      (x, t) -> t[0].mul(x[1].sin()).add(x[0].mul(x[1].cos()).mul(t[1])));

  /** {@code a·sin(b)} with a JVP rule only. */
  static final Function<Tensor[], Tensor> A_SIN_B_JVP = Autodiff.customJvpN(
      x -> x[0].mul(x[1].sin()),
      (x, t) -> t[0].mul(x[1].sin()).add(x[0].mul(x[1].cos()).mul(t[1])));
}
