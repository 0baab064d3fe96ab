package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertExact;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertPasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.GradCheck;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code Autodiff.customVjp} and {@code customJvp} (JAX's custom_vjp/custom_jvp): the rule, not
 * the function's own ops, is what every transform differentiates; it composes with grad, vjp,
 * jvp, jacfwd, jacrev, hessian, vmap, the MyGrad tape, noGrad and Fused, nested; forward mode of
 * a VJP-only function is refused as in JAX. Finite-difference checks of the rules in every mode
 * are rows of {@link PrimitiveTable}.
 */
public abstract class CustomRuleTests extends DeviceTest {
  private static final double TOL = 1e-14;

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void log1pexpHasAFiniteGradientAtLargeXWhereTheTextbookFormGivesNaN() {
    Tensor big = Tensor.of(1000.0);
    assertTrue(Double.isNaN(Autodiff.grad(CustomRules::log1pexpNaive).apply(big).item()),
        "d/dx log(1 + eˣ) by autodiff of the textbook form is ∞/∞ = NaN at 1000");
    assertEquals(1000.0, CustomRules.LOG1PEXP.apply(big).item(), "log1pexp(1000)");
    assertEquals(1.0, Autodiff.grad(CustomRules.LOG1PEXP).apply(big).item(), "σ(1000) = 1");
    assertEquals(0.0, Autodiff.grad(CustomRules.LOG1PEXP).apply(Tensor.of(-1000.0)).item(), "σ(−1000) = 0");
    assertEquals(0.0, Autodiff.grad(Autodiff.grad(CustomRules.LOG1PEXP)).apply(big).item(), "σ'(1000) = 0");
  }

  /** The snippet of the README's "Custom derivative rules" section, verbatim, with the values it promises. */
  @Test
  void theReadmeSnippetRunsAsWritten() {
    // --- README begins ---
    Function<Tensor, Tensor> log1pexp = Autodiff.customVjp(
        x -> x.relu().add(x.abs().neg().exp().log1p()),   // the value, computed stably
        (x, ct) -> ct.mul(x.sigmoid()));                  // its derivative σ(x), finite everywhere
    System.out.println(Autodiff.grad(log1pexp).apply(Tensor.of(1000.0)));                     // Tensor(1.)
    System.out.println(Autodiff.grad((Tensor x) -> x.exp().add(1.0).log()).apply(Tensor.of(1000.0)));  // Tensor(nan)
    System.out.println(Autodiff.vmap(Autodiff.grad(log1pexp)).apply(Tensor.of(-1000.0, 0.0, 1000.0)));  // Tensor([0. , 0.5, 1. ])
    // --- README ends ---
    assertEquals("Tensor(1.)", Autodiff.grad(log1pexp).apply(Tensor.of(1000.0)).toString());
    assertEquals("Tensor(nan)", Autodiff.grad((Tensor x) -> x.exp().add(1.0).log()).apply(Tensor.of(1000.0)).toString());
    assertEquals("Tensor([0. , 0.5, 1. ])", Autodiff.vmap(Autodiff.grad(log1pexp)).apply(Tensor.of(-1000.0, 0.0, 1000.0)).toString());
  }

  @Test
  void theRuleComposesWithEveryReverseModeTransformAndTheTape() {
    double[] at = {-3, -0.5, 0.25, 2};
    Tensor x = Tensor.of(at);
    double[] sig = new double[4];
    double[] dsig = new double[4];
    for (int i = 0; i < 4; i++) {
      sig[i] = sigmoid(at[i]);
      dsig[i] = sig[i] * (1 - sig[i]);
    }
    Function<Tensor, Tensor> total = t -> CustomRules.LOG1PEXP.apply(t).sum();
    assertClose(sig, Autodiff.grad(total).apply(x).toDoubleArray(), TOL, TOL, "grad");
    assertClose(sig, Autodiff.vjp(CustomRules.LOG1PEXP, x).pullback().apply(Tensor.ones(4)).toDoubleArray(), TOL, TOL, "vjp");
    assertClose(diagonal(sig), Autodiff.jacrev(CustomRules.LOG1PEXP).apply(x).toDoubleArray(), TOL, TOL, "jacrev");
    assertClose(sig, Autodiff.vmap(Autodiff.grad(CustomRules.LOG1PEXP)).apply(x).toDoubleArray(), TOL, TOL, "vmap(grad)");
    assertClose(dsig, Autodiff.vmap(Autodiff.grad(Autodiff.grad(CustomRules.LOG1PEXP))).apply(x).toDoubleArray(), TOL, TOL,
        "grad of grad differentiates the rule: σ' = σ(1 − σ)");
    assertClose(sig, Autodiff.grad((Tensor t) -> Autodiff.vmap(CustomRules.LOG1PEXP).apply(t).sum()).apply(x).toDoubleArray(),
        TOL, TOL, "grad of vmap");
    Tensor v = Tensor.of(at);
    CustomRules.LOG1PEXP.apply(v).backward();
    assertClose(sig, v.grad().toDoubleArray(), TOL, TOL, "MyGrad's backward() on the tape");
    double[] values = new double[4];
    for (int i = 0; i < 4; i++) {
      values[i] = Math.log1p(Math.exp(at[i]));
    }
    assertClose(values, Autodiff.noGrad(() -> CustomRules.LOG1PEXP.apply(x)).toDoubleArray(), TOL, TOL, "under noGrad");
    assertClose(values, Autodiff.vmap(CustomRules.LOG1PEXP).apply(x).toDoubleArray(), TOL, TOL, "vmap");
  }

  private static double[] diagonal(double[] d) {
    double[] m = new double[d.length * d.length];
    for (int i = 0; i < d.length; i++) {
      m[i * d.length + i] = d[i];
    }
    return m;
  }

  /** The straight-through estimator: sign(x) forward, the identity backward. */
  @Test
  void transformsDifferentiateTheRuleNotTheFunction() {
    Function<Tensor, Tensor> ste = Autodiff.customVjp(Tensor::sign, (x, ct) -> ct);
    Function<Tensor, Tensor> steJvp = Autodiff.customJvp(Tensor::sign, (x, t) -> t);
    Tensor x = Tensor.of(-1.5, 0.5, 2.0);
    assertExact(new double[] {-1, 1, 1}, ste.apply(x), "the value is f's");
    assertExact(new double[] {1, 1, 1}, Autodiff.grad((Tensor t) -> ste.apply(t).sum()).apply(x), "grad is the rule's");
    assertExact(new double[] {1, 1, 1}, Autodiff.grad((Tensor t) -> steJvp.apply(t).sum()).apply(x), "grad of customJvp");
    assertExact(new double[] {2, 3, 4}, Autodiff.jvp(steJvp, x, Tensor.of(2.0, 3.0, 4.0))[1], "jvp of customJvp");
  }

  @Test
  void forwardModeOfAVjpOnlyFunctionIsRefusedAsInJax() {
    Tensor x = Tensor.of(0.5, -1.0);
    for (Function<Tensor, Tensor> transform : java.util.List.<Function<Tensor, Tensor>>of(
        t -> Autodiff.jvp(CustomRules.LOG1PEXP, t, Tensor.ones(2))[1],
        t -> Autodiff.jacfwd(CustomRules.LOG1PEXP).apply(t),
        t -> Autodiff.hessian((Tensor u) -> CustomRules.LOG1PEXP.apply(u).sum()).apply(t))) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> transform.apply(x));
      assertMentions(e, "customVjp", "forward mode", "customVjp(f, vjp, jvp)");
    }
  }

  @Test
  void withBothRulesEveryTransformWorks() {
    double[] at = {-2, 0.75};
    Tensor x = Tensor.of(at);
    double[] sig = {sigmoid(at[0]), sigmoid(at[1])};
    double[] dsig = {sig[0] * (1 - sig[0]), sig[1] * (1 - sig[1])};
    assertClose(new double[] {3 * sig[0], 3 * sig[1]},
        Autodiff.jvp(CustomRules.LOG1PEXP_BOTH, x, Tensor.full(3.0, 2))[1].toDoubleArray(), TOL, TOL, "jvp");
    assertClose(diagonal(sig), Autodiff.jacfwd(CustomRules.LOG1PEXP_BOTH).apply(x).toDoubleArray(), TOL, TOL, "jacfwd");
    Function<Tensor, Tensor> total = t -> CustomRules.LOG1PEXP_BOTH.apply(t).sum();
    assertClose(diagonal(dsig), Autodiff.hessian(total).apply(x).toDoubleArray(), TOL, TOL, "hessian");
    assertClose(diagonal(dsig), Autodiff.hessian((Tensor t) -> CustomRules.LOG1PEXP_JVP.apply(t).sum()).apply(x).toDoubleArray(),
        TOL, TOL, "hessian of customJvp (reverse mode by the transposed rule)");
    assertClose(diagonal(sig), Autodiff.jacrev(CustomRules.LOG1PEXP_JVP).apply(x).toDoubleArray(), TOL, TOL, "jacrev of customJvp");
    assertClose(sig, Autodiff.vmap(Autodiff.grad(CustomRules.LOG1PEXP_JVP)).apply(x).toDoubleArray(), TOL, TOL,
        "vmap(grad) of customJvp");
  }

  @Test
  void severalArgumentsWithAnIntegerOneThatNeedsNoCotangent() {
    // f(x, labels) = Σ x[labels]: a rule that returns null for the integer labels
    Function<Tensor[], Tensor> picked = Autodiff.customVjpN(a -> a[0].take(0, a[1]).sum(),
        (a, ct) -> new Tensor[] {Tensor.zerosLike(a[0]).indexAdd(0, a[1], ct.broadcastTo(a[1].shape())), null});
    Tensor labels = Tensor.of(2, 0, 2);
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    assertEquals(7.0, picked.apply(new Tensor[] {x, labels}).item());
    assertExact(new double[] {1, 0, 2}, Autodiff.gradN(picked, 0).apply(new Tensor[] {x, labels}), "∂/∂x");
    assertPasses(GradCheck.defaults().vjpN(a -> CustomRules.A_SIN_B.apply(a),
        Tensor.of(new double[][] {{0.5, -1, 2}, {1.5, 0.25, -0.5}}), Tensor.of(0.3, -1.2, 2.0)), "a·sin(b), both arguments");
    // per-example gradients with an unbatched argument closed over
    Tensor w = Tensor.of(0.5, -1.0, 2.0).detach();
    Tensor rows = Tensor.from(new double[] {1, 2, 3, -1, 0.5, 0, 0.25, -2, 1, 1.5, 0.75, -0.5}, 2, 2, 3).detach();
    Function<Tensor, Tensor> perExample = r -> Autodiff.grad((Tensor b) -> CustomRules.A_SIN_B.apply(new Tensor[] {r, b}).sum())
        .apply(w);
    assertClose(Loops.map(perExample, rows, 0, 0).toDoubleArray(), Autodiff.vmap(perExample).apply(rows).toDoubleArray(),
        TOL, TOL, "vmap(grad) with the other argument batched");
    Function<Tensor, Tensor> wrtRows = b -> Autodiff.grad((Tensor r) -> CustomRules.A_SIN_B.apply(new Tensor[] {r, b}).sum())
        .apply(rows.get(0));
    Tensor ws = Tensor.of(new double[][] {{0.5, -1, 2}, {0.1, 0.2, 0.3}}).detach();
    assertClose(Loops.map(wrtRows, ws, 0, 0).toDoubleArray(), Autodiff.vmap(wrtRows).apply(ws).toDoubleArray(), TOL, TOL,
        "vmap(grad) wrt an unbatched argument");
  }

  @Test
  void badRulesAreRefusedNamingTheShapes() {
    Function<Tensor, Tensor> wrongShape = Autodiff.customVjp(Tensor::exp, (x, ct) -> ct.sum(0));
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.grad((Tensor t) -> wrongShape.apply(t).sum()).apply(Tensor.zeros(2, 3))),
        "customVjp", "cotangent", "[3]", "[2, 3]");
    Function<Tensor[], Tensor> wrongCount = Autodiff.customVjpN(a -> a[0].mul(a[1]), (a, ct) -> new Tensor[] {ct});
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradN(a -> wrongCount.apply(a).sum()).apply(new Tensor[] {Tensor.ones(2), Tensor.ones(2)})),
        "customVjpN", "one cotangent per argument", "2", "1");
    Function<Tensor, Tensor> wrongTangent = Autodiff.customJvp(Tensor::exp, (x, t) -> t.sum());
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(wrongTangent, Tensor.ones(2, 3),
        Tensor.ones(2, 3))), "customJvp", "tangent", "[2, 3]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.customVjp(Tensor::exp, null)), "customVjp", "rule");
  }

  @Test
  void aFusedSweepOfACustomRule() {
    Fused sweep = Fused.of("log1pexp sweep", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(CustomRules.LOG1PEXP, t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    Tensor[] out = sweep.apply(Tensor.of(-1000.0, 0.0, 1000.0).detach());
    assertClose(new double[] {0, Math.log(2), 1000}, out[0].toDoubleArray(), TOL, TOL, "values");
    assertClose(new double[] {0, 0.5, 1}, out[1].toDoubleArray(), TOL, TOL, "derivatives, finite at ±1000");
  }

  @Test
  void float32InputsKeepTheirDtype() {
    Tensor x = Tensor.of(1000f, -2f);
    Tensor g = Autodiff.grad((Tensor t) -> CustomRules.LOG1PEXP.apply(t).sum()).apply(x);
    assertEquals(DType.FLOAT32, g.dtype());
    assertClose(new double[] {1, sigmoid(-2)}, g.toDoubleArray(), 1e-6, 1e-7, "float32 gradient");
  }
}
