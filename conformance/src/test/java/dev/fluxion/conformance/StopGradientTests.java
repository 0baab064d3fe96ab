package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code detach()} (JAX's stop_gradient) and {@code Autodiff.noGrad} under every transform.
 * detach stops every level at once; noGrad stops the levels (and the MyGrad tape) that exist
 * when it starts, while transforms opened inside its body work normally, and vmap always
 * batches.
 */
public abstract class StopGradientTests extends DeviceTest {
  private static final double TOL = 1e-14;

  private static final double[] X = {1.5, 2.0, -2.0, 5.0};

  @Test
  void gradOfDetachTimesXIsX() {
    Tensor x = Tensor.of(X);
    Tensor g = Autodiff.grad((Tensor t) -> t.detach().mul(t).sum()).apply(x);
    assertClose(X, g.toDoubleArray(), TOL, TOL, "∇ Σ detach(x)·x");
    Tensor v = Autodiff.vmap(Autodiff.grad((Tensor t) -> t.detach().mul(t))).apply(x);
    assertClose(X, v.toDoubleArray(), TOL, TOL, "vmap(grad(detach(x)·x))");
    Tensor level0 = Tensor.of(X);
    level0.detach().mul(level0).sum().backward();
    assertClose(X, level0.grad().toDoubleArray(), TOL, TOL, "MyGrad backward of Σ detach(x)·x");
  }

  @Test
  void jvpAndJacobiansOfDetachTimesX() {
    Tensor x = Tensor.of(X);
    Tensor v = Tensor.of(1.0, -1.0, 0.5, 2.0);
    Function<Tensor, Tensor> f = t -> t.detach().mul(t);
    Tensor[] r = Autodiff.jvp(f, x, v);
    assertClose(new double[] {2.25, 4, 4, 25}, r[0].toDoubleArray(), TOL, TOL, "value");
    assertClose(new double[] {1.5, -2, -1, 10}, r[1].toDoubleArray(), TOL, TOL, "tangent x·v");
    double[] diag = new double[16];
    for (int i = 0; i < 4; i++) {
      diag[i * 5] = X[i];
    }
    assertClose(diag, Autodiff.jacfwd(f).apply(x).toDoubleArray(), TOL, TOL, "jacfwd = diag(x)");
    assertClose(diag, Autodiff.jacrev(f).apply(x).toDoubleArray(), TOL, TOL, "jacrev = diag(x)");
  }

  /** detach stops every level: with c = detach(x), d²/dx² (c·x³) = 6c·x = 6x², and the Hessian of c·x² is 2c. */
  @Test
  void detachStopsEveryNestedLevel() {
    Function<Tensor, Tensor> f = t -> t.detach().mul(t.pow(3.0));
    assertEquals(6 * 1.5 * 1.5, Autodiff.grad(Autodiff.grad(f)).apply(Tensor.of(1.5)).item(), TOL);
    Tensor h = Autodiff.hessian((Tensor t) -> t.detach().mul(t.square()).sum()).apply(Tensor.of(X));
    double[] expected = new double[16];
    for (int i = 0; i < 4; i++) {
      expected[i * 5] = 2 * X[i];
    }
    assertClose(expected, h.toDoubleArray(), TOL, TOL, "hessian of Σ detach(x)·x²");
    Tensor jvpOfGrad = Autodiff.jvp(Autodiff.grad(f), Tensor.of(2.0), Tensor.of(1.0))[1];
    assertEquals(6 * 4.0, jvpOfGrad.item(), TOL, "jvp of grad");
    // detach of a value of the outer level only: inside, y is live and x is frozen
    Function<Tensor, Tensor> outer = x -> Autodiff.grad((Tensor y) -> y.mul(x.detach()).mul(x)).apply(x);
    assertEquals(2.0, Autodiff.grad(outer).apply(Tensor.of(2.0)).item(), TOL, "d/dx [x·detach(x)]' wrt the outer x");
  }

  @Test
  void noGradInsideTheTransformsMakesConstants() {
    Tensor x = Tensor.of(X);
    Tensor g = Autodiff.grad((Tensor t) -> Autodiff.noGrad(() -> t.square()).add(t).sum()).apply(x);
    assertClose(new double[] {1, 1, 1, 1}, g.toDoubleArray(), 0, 0, "grad: noGrad(x²) is a constant");
    Tensor[] j = Autodiff.jvp(t -> Autodiff.noGrad(() -> t.exp()).mul(t), x, Tensor.onesLike(x));
    double[] expected = new double[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = Math.exp(X[i]);
    }
    assertClose(expected, j[1].toDoubleArray(), TOL, TOL, "jvp: noGrad(eˣ)·x has tangent eˣ");
    Tensor h = Autodiff.hessian((Tensor t) -> Autodiff.noGrad(() -> t.square().sum()).mul(t.sum())).apply(x);
    assertClose(new double[16], h.toDoubleArray(), 0, 0, "hessian of noGrad(Σx²)·Σx: linear");
  }

  @Test
  void vmapStillBatchesInsideNoGrad() {
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor s = Autodiff.vmap(v -> Autodiff.noGrad(() -> v.sum())).apply(m);
    assertClose(new double[] {3, 7, 11}, s.toDoubleArray(), 0, 0, "row sums");
    Tensor t = Autodiff.noGrad(() -> Autodiff.vmap(v -> v.prod()).apply(m));
    assertClose(new double[] {2, 12, 30}, t.toDoubleArray(), 0, 0, "vmap inside noGrad");
    Tensor g = Autodiff.grad((Tensor a) -> Autodiff.vmap(v -> Autodiff.noGrad(() -> v.sum()).mul(v.get(0))).apply(a).sum())
        .apply(m);
    assertClose(new double[] {3, 0, 7, 0, 11, 0}, g.toDoubleArray(), 0, 0, "grad of vmap with noGrad inside");
  }

  @Test
  void transformsOpenedInsideNoGradWorkNormally() {
    Tensor x = Tensor.of(X);
    Tensor g = Autodiff.noGrad(() -> Autodiff.grad((Tensor t) -> t.square().sum()).apply(x));
    assertClose(new double[] {3, 4, -4, 10}, g.toDoubleArray(), 0, 0, "grad inside noGrad");
    Tensor[] j = Autodiff.noGrad(() -> Autodiff.jvp(Tensor::square, x, Tensor.onesLike(x)));
    assertClose(new double[] {3, 4, -4, 10}, j[1].toDoubleArray(), 0, 0, "jvp inside noGrad");
    Tensor h = Autodiff.noGrad(() -> Autodiff.hessian((Tensor t) -> t.pow(3.0).sum()).apply(x));
    assertClose(new double[] {9, 0, 0, 0, 0, 12, 0, 0, 0, 0, -12, 0, 0, 0, 0, 30}, h.toDoubleArray(), TOL, TOL,
        "hessian inside noGrad");
    assertTrue(g.isConstant(), "a gradient computed under noGrad is a constant for the MyGrad tape");
    Tensor[] holder = new Tensor[1];
    Autodiff.noGrad(() -> {
      holder[0] = Autodiff.jacrev((Tensor t) -> t.sin()).apply(Tensor.of(0.0, 1.0));
    });
    assertClose(new double[] {1, 0, 0, Math.cos(1)}, holder[0].toDoubleArray(), TOL, TOL, "jacrev inside noGrad(Runnable)");
  }

  /**
   * noGrad stops only the levels that exist when it starts: inside grad_x, the inner grad_y of
   * y·x opened under noGrad gives x, but as a constant for grad_x; so d/dx [x·that] = x, not 2x.
   */
  @Test
  void noGradStopsOnlyTheLevelsThatExistWhenItStarts() {
    Function<Tensor, Tensor> f = x -> x.mul(Autodiff.noGrad(() -> Autodiff.grad((Tensor y) -> y.mul(x)).apply(Tensor.of(1.0))));
    assertEquals(3.0, Autodiff.grad(f).apply(Tensor.of(3.0)).item(), TOL, "noGrad around the inner grad");
    Function<Tensor, Tensor> live = x -> x.mul(Autodiff.grad((Tensor y) -> y.mul(x)).apply(Tensor.of(1.0)));
    assertEquals(6.0, Autodiff.grad(live).apply(Tensor.of(3.0)).item(), TOL, "without noGrad: d(x²)/dx");
    Function<Tensor, Tensor> inner = x -> Autodiff.noGrad(() -> Autodiff.grad((Tensor y) -> y.square().mul(x)).apply(x)).add(x);
    assertEquals(1.0, Autodiff.grad(inner).apply(Tensor.of(3.0)).item(), TOL, "the inner grad's 2x² is a constant outside");
    Tensor value = Autodiff.noGrad(() -> Autodiff.grad((Tensor y) -> y.square().mul(3.0)).apply(Tensor.of(3.0)));
    assertEquals(18.0, value.item(), TOL, "the inner grad works");
    // jvp opened inside noGrad inside grad: its tangent is right, and a constant for grad
    Function<Tensor, Tensor> j = x -> Autodiff.noGrad(() -> Autodiff.jvp(Tensor::sin, x, Tensor.onesLike(x))[1]).mul(x);
    assertEquals(Math.cos(0.5), Autodiff.grad(j).apply(Tensor.of(0.5)).item(), TOL, "d/dx [c·x] with c = cos(x) frozen");
  }
}
