package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Reverse mode as functions: {@code grad}, {@code valueAndGrad}, {@code vjp} (a pullback that
 * can be called many times), and the forms of several arguments (the gradient with respect to
 * one chosen argument or to all), with the errors JAX gives.
 */
public abstract class ReverseModeTests extends DeviceTest {
  /** f(x) = Σ sin(x)·x², ∇f = cos(x)·x² + 2x·sin(x). */
  private static final Function<Tensor, Tensor> F = x -> x.sin().mul(x.square()).sum();

  private static double[] gradF(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = Math.cos(x[i]) * x[i] * x[i] + 2 * x[i] * Math.sin(x[i]);
    }
    return g;
  }

  private static double valueF(double[] x) {
    double s = 0;
    for (double v : x) {
      s += Math.sin(v) * v * v;
    }
    return s;
  }

  @Test
  void gradHasTheShapeAndDtypeOfTheInput() {
    Tensor x = Tensor.of(new double[][] {{0.5, -1.0, 2.0}, {0.25, 3.0, -0.75}});
    Tensor g = Autodiff.grad(F).apply(x);
    assertShape(new long[] {2, 3}, g, "∇f");
    assertEquals(DType.FLOAT64, g.dtype());
    assertClose(gradF(x.toDoubleArray()), g.toDoubleArray(), 1e-14, 1e-14, "∇f");
    Tensor g32 = Autodiff.grad(F).apply(Tensor.of(0.5f, -1f));
    assertEquals(DType.FLOAT32, g32.dtype());
    assertClose(gradF(new double[] {0.5, -1}), g32.toDoubleArray(), 1e-6, 1e-6, "∇f in FLOAT32");
  }

  @Test
  void gradOfAZeroDimensionalInput() {
    Tensor g = Autodiff.grad(F).apply(Tensor.of(1.5));
    assertShape(new long[0], g, "f'(1.5)");
    assertEquals(gradF(new double[] {1.5})[0], g.item(), 1e-14);
  }

  @Test
  void valueAndGradGivesBothFromOnePass() {
    Tensor x = Tensor.of(0.3, -0.7, 1.1);
    Tensor[] r = Autodiff.valueAndGrad(F).apply(x);
    assertEquals(2, r.length);
    assertShape(new long[0], r[0], "value");
    assertEquals(valueF(x.toDoubleArray()), r[0].item(), 1e-15);
    assertClose(gradF(x.toDoubleArray()), r[1].toDoubleArray(), 1e-14, 1e-14, "gradient");
  }

  @Test
  void thePullbackCanBeCalledManyTimesWithTheSameResult() {
    Tensor x = Tensor.of(new double[][] {{0.5, 1.0}, {-2.0, 0.1}});
    Autodiff.Vjp vjp = Autodiff.vjp(m -> m.matmul(m).tanh(), x);
    assertShape(new long[] {2, 2}, vjp.value(), "value");
    Tensor ct1 = Tensor.of(new double[][] {{1, 0}, {0, 0}});
    Tensor ct2 = Tensor.of(new double[][] {{0.5, -1}, {2, 0.25}});
    double[] first = vjp.pullback().apply(ct1).toDoubleArray();
    double[] other = vjp.pullback().apply(ct2).toDoubleArray();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(first, vjp.pullback().apply(ct1).toDoubleArray(), 0, "pullback call " + (k + 2));
    }
    // linear in the cotangent
    double[] sum = vjp.pullback().apply(ct1.mul(3.0).add(ct2)).toDoubleArray();
    for (int i = 0; i < sum.length; i++) {
      assertEquals(3 * first[i] + other[i], sum[i], 1e-13, "pullback(3·ct1 + ct2) element " + i);
    }
    // against the Jacobian, row by row
    Tensor jac = Loops.jacobianByDifferences(m -> m.matmul(m).tanh(), x, 1e-6).reshape(4, 4);
    assertClose(ct2.reshape(1, 4).matmul(jac).toDoubleArray(), other, 1e-6, 1e-8, "ctᵀ·J");
  }

  @Test
  void thePullbackChecksTheCotangentsShapeAndConvertsItsDtype() {
    Autodiff.Vjp vjp = Autodiff.vjp(t -> t.mul(2.0), Tensor.of(1.0, 2.0, 3.0));
    assertMentions(assertThrows(IllegalArgumentException.class, () -> vjp.pullback().apply(Tensor.ones(2))),
        "vjp", "[2]", "[3]");
    Tensor g = vjp.pullback().apply(Tensor.of(1f, 1f, 1f));
    assertEquals(DType.FLOAT64, g.dtype());
    assertArrayEquals(new double[] {2, 2, 2}, g.toDoubleArray());
  }

  @Test
  void gradOfATwoArgumentFunctionWithRespectToEitherOrBoth() {
    BiFunction<Tensor, Tensor, Tensor> f = (x, y) -> x.square().mul(y).add(y.exp()).sum();
    Tensor x = Tensor.of(1.5, -0.5);
    Tensor y = Tensor.of(0.25, 2.0);
    double[] dx = {2 * 1.5 * 0.25, 2 * -0.5 * 2.0};
    double[] dy = {1.5 * 1.5 + Math.exp(0.25), 0.25 + Math.exp(2.0)};
    assertClose(dx, Autodiff.grad(f, 0).apply(x, y).toDoubleArray(), 1e-15, 1e-15, "∂f/∂x");
    assertClose(dy, Autodiff.grad(f, 1).apply(x, y).toDoubleArray(), 1e-15, 1e-15, "∂f/∂y");
    Tensor[] both = Autodiff.grad(f).apply(x, y);
    assertEquals(2, both.length);
    assertClose(dx, both[0].toDoubleArray(), 1e-15, 1e-15, "∂f/∂x of both");
    assertClose(dy, both[1].toDoubleArray(), 1e-15, 1e-15, "∂f/∂y of both");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(f, 2)), "argnum", "2");
  }

  @Test
  void gradOfAFunctionOfSeveralTensors() {
    Function<Tensor[], Tensor> f = a -> a[0].matmul(a[1]).add(a[2]).square().sum();
    Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor v = Tensor.of(0.5, -1.0);
    Tensor b = Tensor.of(0.1, 0.2, 0.3);
    Tensor r = w.matmul(v).add(b);
    double[] rs = r.toDoubleArray();
    double[] dw = new double[6];
    double[] dv = new double[2];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        dw[i * 2 + j] = 2 * rs[i] * v.toDoubleArray()[j];
        dv[j] += 2 * rs[i] * w.toDoubleArray()[i * 2 + j];
      }
    }
    double[] db = {2 * rs[0], 2 * rs[1], 2 * rs[2]};
    Tensor[] all = Autodiff.gradN(f).apply(new Tensor[] {w, v, b});
    assertEquals(3, all.length);
    assertShape(new long[] {3, 2}, all[0], "∂f/∂W");
    assertClose(dw, all[0].toDoubleArray(), 1e-14, 1e-14, "∂f/∂W");
    assertClose(dv, all[1].toDoubleArray(), 1e-14, 1e-14, "∂f/∂v");
    assertClose(db, all[2].toDoubleArray(), 1e-14, 1e-14, "∂f/∂b");
    assertClose(dv, Autodiff.gradN(f, 1).apply(new Tensor[] {w, v, b}).toDoubleArray(), 1e-14, 1e-14, "argnum 1");
    Tensor[] vg = Autodiff.valueAndGradN(f).apply(new Tensor[] {w, v, b});
    assertEquals(4, vg.length);
    assertEquals(r.square().sum().item(), vg[0].item(), 1e-14);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.gradN(f, 3).apply(new Tensor[] {w, v, b})),
        "argnum 3", "3 arguments");
    Autodiff.VjpN vjp = Autodiff.vjpN(a -> a[0].matmul(a[1]), w, v);
    Tensor[] cts = vjp.pullback().apply(Tensor.of(1.0, 0.0, -1.0));
    assertClose(new double[] {0.5, -1, 0, 0, -0.5, 1}, cts[0].toDoubleArray(), 0, 0, "vjpN wrt W");
    assertClose(new double[] {1 - 5, 2 - 6}, cts[1].toDoubleArray(), 0, 0, "vjpN wrt v");
  }

  /**
   * As in JAX, the argument that grad is not taken with respect to is held constant: it is not
   * traced (so it may be an integer tensor, such as labels or indices) and no work is spent on
   * its gradient.
   */
  @Test
  void theOtherArgumentsAreHeldConstant() {
    Tensor x = Tensor.of(1.5, -2.0, 0.5);
    Tensor counts = Tensor.of(3, 0, -1);
    BiFunction<Tensor, Tensor, Tensor> f = (a, n) -> a.square().mul(n.to(DType.FLOAT64)).sum();
    assertClose(new double[] {9, 0, -1}, Autodiff.grad(f, 0).apply(x, counts).toDoubleArray(), 0, 0, "∂f/∂x with integer n");
    Function<Tensor[], Tensor> g = a -> a[0].square().mul(a[1].to(DType.FLOAT64)).sum().add(a[2].sum());
    assertClose(new double[] {1, 1}, Autodiff.gradN(g, 2).apply(new Tensor[] {x, counts, Tensor.of(0.5, 0.5)}).toDoubleArray(),
        0, 0, "∂g/∂a[2] with an integer a[1]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(f, 1).apply(x, counts)), "grad", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(f).apply(x, counts)), "grad", "int32");

    Tensor w = Tensor.randn(Rng.of(5), 40, 40).detach();
    Tensor data = Tensor.randn(Rng.of(6), 40, 200).detach();
    BiFunction<Tensor, Tensor, Tensor> loss = (a, b) -> a.matmul(b).tanh().sum();
    Autodiff.grad(loss).apply(w, data);
    long one = Loops.launches(() -> Autodiff.grad(loss, 0).apply(w, data));
    long both = Loops.launches(() -> Autodiff.grad(loss).apply(w, data));
    assertTrue(one < both, "grad wrt W launched " + one + " kernels, wrt W and the data " + both);
    assertClose(Autodiff.grad(loss).apply(w, data)[0].toDoubleArray(), Autodiff.grad(loss, 0).apply(w, data).toDoubleArray(),
        1e-14, 1e-14, "the same gradient wrt W");
  }

  @Test
  void argumentsTheFunctionIgnoresGetZeroGradients() {
    BiFunction<Tensor, Tensor, Tensor> f = (x, y) -> x.exp().sum();
    Tensor[] g = Autodiff.grad(f).apply(Tensor.of(0.0, 1.0), Tensor.of(new double[][] {{1, 2}}));
    assertClose(new double[] {1, Math.E}, g[0].toDoubleArray(), 1e-15, 0, "∂f/∂x");
    assertShape(new long[] {1, 2}, g[1], "∂f/∂y");
    assertClose(new double[2], g[1].toDoubleArray(), 0, 0, "∂f/∂y");
    Tensor c = Autodiff.grad(x -> Tensor.of(3.0).square()).apply(Tensor.of(2.0));
    assertEquals(0, c.item());
  }

  @Test
  void gradOfANonScalarFunctionThrowsNamingTheOutputShape() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.square()).apply(x)),
        "grad", "shape [2, 3]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.sum(0)).apply(x)),
        "grad", "shape [3]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.valueAndGrad(t -> t.sum(true)).apply(x)),
        "grad", "shape [1, 1]");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.grad((Tensor a, Tensor b) -> a.add(b), 0).apply(x, x)), "grad", "shape [2, 3]");
  }

  @Test
  void gradAtAnIntegerInputThrows() {
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.square().sum().to(DType.FLOAT64))
        .apply(Tensor.of(1, 2, 3))), "grad", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.to(DType.FLOAT64))
        .apply(Tensor.of(3L))), "grad", "int64");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.vjp(t -> t, Tensor.of(1, 2))), "vjp", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(t -> t.gt(0.0).sum())
        .apply(Tensor.of(1.0))), "grad", "int64");
  }

  /** The functional form records nothing for the MyGrad tape's gradients of the point it is called at. */
  @Test
  void gradDoesNotFillTheGradOfItsInput() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor g = Autodiff.grad(F).apply(x);
    assertNull(x.grad(), "x.grad() after Autodiff.grad");
    assertClose(gradF(new double[] {1, 2}), g.toDoubleArray(), 1e-14, 1e-14, "∇f");
  }

  /** The result of grad at a variable is itself differentiable by the MyGrad tape (level 0 under the transform). */
  @Test
  void backwardThroughTheResultOfGrad() {
    Tensor x = Tensor.of(0.5, 1.5);
    Autodiff.grad(F).apply(x).sum().backward();
    double[] expected = new double[2];
    double[] xs = {0.5, 1.5};
    for (int i = 0; i < 2; i++) {
      double v = xs[i];
      expected[i] = -Math.sin(v) * v * v + 4 * v * Math.cos(v) + 2 * Math.sin(v);
    }
    assertClose(expected, x.grad().toDoubleArray(), 1e-13, 1e-13, "d/dx Σ∇f = diag of the Hessian");
  }
}
