package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the function transforms (JAX's documentation and autodiff cookbook),
 * in FLOAT64 to 1e-8 relative unless the published figure has fewer digits (then to its
 * digits), plus Siskind and Pearlmutter's perturbation-confusion example in all four
 * combinations of modes, and Newton's method on the Rosenbrock function.
 */
public abstract class TransformExampleTests extends DeviceTest {
  private static final double REL = 1e-8;

  private static void assertScalar(double expected, Tensor actual, double rtol, String what) {
    assertRelative(new long[0], new double[] {expected}, actual, rtol, what);
  }

  /** Relative tolerance of a figure printed with {@code digits} significant digits. */
  private static double digits(int digits) {
    return 0.5 * Math.pow(10, 1 - digits);
  }

  @Test
  void squarePlusLog() {
    Function<Tensor, Tensor> f = x -> x.square().add(x.log());
    assertScalar(10.2, Autodiff.grad(f).apply(Tensor.of(0.1)), REL, "d/dx (x² + log x) at 0.1 = 2x + 1/x");
    assertScalar(-98, Autodiff.grad(Autodiff.grad(f)).apply(Tensor.of(0.1)), REL, "second derivative 2 − 1/x² at 0.1");
    Tensor f32 = Autodiff.grad(Autodiff.grad(f)).apply(Tensor.of(0.1f));
    assertEquals(DType.FLOAT32, f32.dtype());
    assertScalar(-98, f32, 1e-4, "second derivative in FLOAT32");
  }

  @Test
  void derivativesOfTanh() {
    Function<Tensor, Tensor> d1 = Autodiff.grad(Tensor::tanh);
    Function<Tensor, Tensor> d2 = Autodiff.grad(d1);
    Function<Tensor, Tensor> d3 = Autodiff.grad(d2);
    Tensor two = Tensor.of(2.0);
    assertScalar(0.0706508249, d1.apply(two), digits(9), "tanh'(2)");
    assertScalar(-0.1362186874, d2.apply(two), digits(10), "tanh''(2)");
    assertScalar(0.2526540651, d3.apply(two), digits(10), "tanh'''(2)");
    double t = Math.tanh(2);
    assertScalar(1 - t * t, d1.apply(two), 1e-14, "1 − tanh²");
    assertScalar(-2 * t * (1 - t * t), d2.apply(two), 1e-14, "−2 tanh (1 − tanh²)");
    assertScalar((1 - t * t) * (6 * t * t - 2), d3.apply(two), 1e-13, "(1 − tanh²)(6 tanh² − 2)");
  }

  @Test
  void derivativesOfACubicPolynomial() {
    Function<Tensor, Tensor> f = x -> x.pow(3.0).add(x.square().mul(2.0)).sub(x.mul(3.0)).add(1.0);
    double[] expected = {4, 10, 6, 0};
    Function<Tensor, Tensor> d = f;
    for (int k = 0; k < 4; k++) {
      d = Autodiff.grad(d);
      Tensor v = d.apply(Tensor.of(1.0));
      assertEquals(expected[k], v.item(), 1e-12, "derivative " + (k + 1) + " of x³ + 2x² − 3x + 1 at 1");
    }
  }

  @Test
  void jacobianOfATwoVariableFunction() {
    // f(x, y) = [x²y, 5x + sin y] at (0.5, 0.5)
    Function<Tensor, Tensor> f = v -> Tensor.stack(0, v.get(0).square().mul(v.get(1)), v.get(0).mul(5.0).add(v.get(1).sin()));
    double[] expected = {2 * 0.5 * 0.5, 0.5 * 0.5, 5, Math.cos(0.5)};
    Tensor p = Tensor.of(0.5, 0.5);
    assertRelative(new long[] {2, 2}, expected, Autodiff.jacfwd(f).apply(p), 1e-15, "jacfwd");
    assertRelative(new long[] {2, 2}, expected, Autodiff.jacrev(f).apply(p), 1e-15, "jacrev");
    assertRelative(new long[] {2, 2}, new double[] {0.5, 0.25, 5, 0.87758256}, Autodiff.jacfwd(f).apply(p), digits(8),
        "the published figures");
  }

  @Test
  void jacobianOfAFourComponentFunction() {
    // f(x) = [x0, 5 x2, 4 x1² − 2 x2, x2 sin x0] at [1, 2, 3]
    Function<Tensor, Tensor> f = x -> Tensor.stack(0, x.get(0), x.get(2).mul(5.0),
        x.get(1).square().mul(4.0).sub(x.get(2).mul(2.0)), x.get(2).mul(x.get(0).sin()));
    Tensor p = Tensor.of(1.0, 2.0, 3.0);
    double[] published = {1, 0, 0, 0, 0, 5, 0, 16, -2, 1.6209069, 0, 0.84147098};
    double[] exact = published.clone();
    exact[9] = 3 * Math.cos(1);
    exact[11] = Math.sin(1);
    for (String mode : new String[] {"jacfwd", "jacrev"}) {
      Tensor j = mode.equals("jacfwd") ? Autodiff.jacfwd(f).apply(p) : Autodiff.jacrev(f).apply(p);
      assertRelative(new long[] {4, 3}, exact, j, 1e-15, mode);
      assertRelative(new long[] {4, 3}, published, j, digits(8), mode + ", the published figures");
    }
  }

  private static final Function<Tensor, Tensor> ROSENBROCK =
      v -> v.get(0).rsub(1.0).square().add(v.get(1).sub(v.get(0).square()).square().mul(100.0));

  @Test
  void rosenbrockDerivatives() {
    assertRelative(new long[] {2, 2}, new double[] {802, -400, -400, 200}, Autodiff.hessian(ROSENBROCK).apply(Tensor.of(1.0, 1.0)),
        REL, "hessian of Rosenbrock at (1, 1)");
    assertRelative(new long[] {2}, new double[] {400, -200}, Autodiff.grad(ROSENBROCK).apply(Tensor.of(1.0, 0.0)), REL,
        "gradient of Rosenbrock at (1, 0)");
    assertRelative(new long[] {2, 2}, new double[] {2, 0, 0, 2},
        Autodiff.hessian((Tensor v) -> v.square().sum()).apply(Tensor.of(0.5, 0.5)), REL, "hessian of x² + y²");
  }

  @Test
  void jvpOfSine() {
    Tensor[] r = Autodiff.jvp(Tensor::sin, Tensor.of(0.1), Tensor.of(0.2));
    assertScalar(Math.sin(0.1), r[0], 1e-15, "sin(0.1)");
    assertScalar(0.2 * Math.cos(0.1), r[1], 1e-15, "cos(0.1)·0.2 = 0.199000833…");
    assertScalar(0.09983342, r[0], digits(7), "the published value");
    assertScalar(0.19900083, r[1], digits(8), "FLOAT64 tangent to eight digits");
    Tensor[] f32 = Autodiff.jvp(Tensor::sin, Tensor.of(0.1f), Tensor.of(0.2f));
    assertEquals(DType.FLOAT32, f32[1].dtype());
    // JAX's figures are FLOAT32: (0.09983342, 0.19900084)
    assertEquals(0.09983342f, (float) f32[0].item(), Math.ulp(0.09983342f), "FLOAT32 value");
    assertEquals(0.19900084f, (float) f32[1].item(), Math.ulp(0.19900084f), "FLOAT32 tangent");
  }

  @Test
  void jvpOfACombinationOfSines() {
    // f(x) = 3 sin x + cos(x/2) at 2 with tangent 3
    Function<Tensor, Tensor> f = x -> x.sin().mul(3.0).add(x.div(2.0).cos());
    Tensor[] r = Autodiff.jvp(f, Tensor.of(2.0), Tensor.of(3.0));
    double value = 3 * Math.sin(2) + Math.cos(1);
    double tangent = 3 * (3 * Math.cos(2) - 0.5 * Math.sin(1));
    assertScalar(value, r[0], 1e-15, "value");
    assertScalar(tangent, r[1], 1e-15, "tangent");
    // the published FLOAT32 figures (3.2681944, −5.007528): the FLOAT64 result agrees to 7 digits
    assertScalar(3.2681944, r[0], digits(7), "published value");
    assertScalar(-5.007528, r[1], digits(7), "published tangent");
    Tensor[] f32 = Autodiff.jvp(f, Tensor.of(2f), Tensor.of(3f));
    assertScalar(3.2681944, f32[0], 2e-7, "FLOAT32 value");
    assertScalar(-5.007528, f32[1], 2e-7, "FLOAT32 tangent");
  }

  @Test
  void vmapOfGrad() {
    assertRelative(new long[] {4}, new double[] {3, 4, -4, 10},
        Autodiff.vmap(Autodiff.grad((Tensor x) -> x.square())).apply(Tensor.of(1.5, 2, -2, 5)), REL, "vmap(grad(x²))");
    Tensor xs = Tensor.linspace(0.1, 2, 50);
    Tensor g = Autodiff.vmap(Autodiff.grad(Tensor::sqrt)).apply(xs);
    double[] x = xs.toDoubleArray();
    double[] expected = new double[50];
    for (int i = 0; i < 50; i++) {
      expected[i] = 0.5 * Math.pow(x[i], -0.5);
    }
    assertRelative(new long[] {50}, expected, g, 1e-12, "vmap(grad(√x)) = 0.5·x^−0.5");
    assertEquals(Double.POSITIVE_INFINITY, Autodiff.grad(Tensor::sqrt).apply(Tensor.of(0.0)).item(), "grad(√x) at 0");
  }

  /**
   * Perturbation confusion (Siskind and Pearlmutter 2005): d/dx [x · (d/dy (x + y))(y = 1)] at
   * x = 1 is 1 (the inner derivative is 1 whatever x is), not 2 — which is what a system that
   * confuses the two perturbations computes.
   */
  @Test
  void noPerturbationConfusion() {
    Tensor one = Tensor.of(1.0);
    Function<Tensor, Tensor> innerByGrad = x -> x.mul(Autodiff.grad((Tensor y) -> x.add(y)).apply(Tensor.of(1.0)));
    Function<Tensor, Tensor> innerByJvp = x -> x.mul(Autodiff.jvp(y -> x.add(y), Tensor.of(1.0), Tensor.of(1.0))[1]);
    assertEquals(1.0, Autodiff.grad(innerByGrad).apply(one).item(), 0, "grad inside grad");
    assertEquals(1.0, Autodiff.jvp(innerByJvp, one, Tensor.of(1.0))[1].item(), 0, "jvp inside jvp");
    assertEquals(1.0, Autodiff.grad(innerByJvp).apply(one).item(), 0, "jvp inside grad");
    assertEquals(1.0, Autodiff.jvp(innerByGrad, one, Tensor.of(1.0))[1].item(), 0, "grad inside jvp");
    // and with the inner point depending on x too: d/dx [x · (d/dy (x·y))(y = x)] = d/dx x² = 2x
    Function<Tensor, Tensor> g = x -> x.mul(Autodiff.grad((Tensor y) -> x.mul(y)).apply(x));
    assertEquals(6.0, Autodiff.grad(g).apply(Tensor.of(3.0)).item(), 1e-15, "d/dx [x · ∂(xy)/∂y]");
    assertEquals(6.0, Autodiff.jvp(g, Tensor.of(3.0), Tensor.of(1.0))[1].item(), 1e-15, "the same by jvp");
  }

  /** Newton's method x ← x − H⁻¹∇f on Rosenbrock from (−1.2, 1): converges to (1, 1). */
  @Test
  void newtonsMethodOnRosenbrock() {
    Function<Tensor, Tensor> grad = Autodiff.grad(ROSENBROCK);
    Function<Tensor, Tensor> hessian = Autodiff.hessian(ROSENBROCK);
    Tensor x = Tensor.of(-1.2, 1.0);
    int steps = 0;
    while (steps < 50) {
      Tensor g = grad.apply(x);
      Tensor h = hessian.apply(x);
      Tensor step = solve2x2(h, g);
      x = x.sub(step).detach();
      steps++;
      if (step.abs().max().item() < 1e-14) {
        break;
      }
    }
    double[] r = x.toDoubleArray();
    assertEquals(1.0, r[0], 1e-10, "x after " + steps + " Newton steps");
    assertEquals(1.0, r[1], 1e-10, "y after " + steps + " Newton steps");
    assertTrue(steps <= 10, "Newton's method converged in " + steps + " steps (quadratic convergence: about 6)");
    assertEquals(0.0, ROSENBROCK.apply(x).item(), 1e-20, "f at the minimum");
  }

  /** H⁻¹g for a 2×2 H, with tensor ops: [[d, −b], [−c, a]]·g / (ad − bc). */
  private static Tensor solve2x2(Tensor h, Tensor g) {
    Tensor a = h.get(0, 0);
    Tensor b = h.get(0, 1);
    Tensor c = h.get(1, 0);
    Tensor d = h.get(1, 1);
    Tensor det = a.mul(d).sub(b.mul(c));
    Tensor adjugate = Tensor.stack(0, Tensor.stack(0, d, b.neg()), Tensor.stack(0, c.neg(), a));
    return adjugate.matmul(g).div(det);
  }
}
