package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.Autodiff;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Transforms nested to any depth and in any order, each at its own level, against closed-form
 * derivatives: grad of grad of grad, jvp of grad and grad of jvp (Hessian-vector products),
 * vmap of grad and grad of vmap, jacfwd of jacrev and the other three orders, vmap of vmap,
 * vmap of jacrev, and mixed towers of up to eight levels.
 */
public abstract class NestingTests extends DeviceTest {
  private static final double TOL = 1e-13;

  /** f(x) = x·sin x and its derivatives. */
  private static final Function<Tensor, Tensor> XSIN = x -> x.mul(x.sin());

  private static double xsin(int order, double x) {
    return switch (order) {
      case 0 -> x * Math.sin(x);
      case 1 -> Math.sin(x) + x * Math.cos(x);
      case 2 -> 2 * Math.cos(x) - x * Math.sin(x);
      case 3 -> -3 * Math.sin(x) - x * Math.cos(x);
      case 4 -> -4 * Math.cos(x) + x * Math.sin(x);
      default -> throw new IllegalArgumentException();
    };
  }

  @Test
  void gradOfGradOfGrad() {
    Function<Tensor, Tensor> d3 = Autodiff.grad(Autodiff.grad(Autodiff.grad(XSIN)));
    for (double x : new double[] {-1.3, 0.0, 0.7, 2.5}) {
      assertEquals(xsin(3, x), d3.apply(Tensor.of(x)).item(), TOL, "f'''(" + x + ")");
    }
  }

  /** Eight nested grads of sin at 0.3: sin⁽⁸⁾ = sin. */
  @Test
  void eightNestedGrads() {
    Function<Tensor, Tensor> d = Tensor::sin;
    for (int k = 1; k <= 8; k++) {
      d = Autodiff.grad(d);
      double expected = switch (k % 4) {
        case 0 -> Math.sin(0.3);
        case 1 -> Math.cos(0.3);
        case 2 -> -Math.sin(0.3);
        default -> -Math.cos(0.3);
      };
      assertEquals(expected, d.apply(Tensor.of(0.3)).item(), 1e-12, "derivative " + k + " of sin at 0.3");
    }
  }

  /** Fourth derivative by alternating forward and reverse: jvp(grad(jvp(grad(f)))). */
  @Test
  void alternatingForwardAndReverseToTheFourthDerivative() {
    Function<Tensor, Tensor> d1 = Autodiff.grad(XSIN);
    Function<Tensor, Tensor> d2 = x -> Autodiff.jvp(d1, x, Tensor.onesLike(x))[1];
    Function<Tensor, Tensor> d3 = Autodiff.grad(d2);
    Function<Tensor, Tensor> d4 = x -> Autodiff.jvp(d3, x, Tensor.onesLike(x))[1];
    for (double x : new double[] {-0.4, 1.9}) {
      assertEquals(xsin(2, x), d2.apply(Tensor.of(x)).item(), TOL, "f''");
      assertEquals(xsin(3, x), d3.apply(Tensor.of(x)).item(), TOL, "f'''");
      assertEquals(xsin(4, x), d4.apply(Tensor.of(x)).item(), TOL, "f''''");
    }
  }

  /** g(x) = Σ xᵢ³ + x₀x₁x₂: ∇g = 3x² + (x₁x₂, x₀x₂, x₀x₁), H = diag(6x) + the off-diagonal x's. */
  private static final Function<Tensor, Tensor> CUBIC =
      x -> x.pow(3.0).sum().add(x.get(0).mul(x.get(1)).mul(x.get(2)));

  private static double[][] cubicHessian(double[] x) {
    return new double[][] {{6 * x[0], x[2], x[1]}, {x[2], 6 * x[1], x[0]}, {x[1], x[0], 6 * x[2]}};
  }

  private static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += m[i][j] * v[j];
      }
    }
    return out;
  }

  private static double[] flat(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @Test
  void jvpOfGradIsAHessianVectorProduct() {
    double[] x = {0.5, -1.5, 2.0};
    double[] v = {1.0, 0.25, -2.0};
    Tensor[] r = Autodiff.jvp(Autodiff.grad(CUBIC), Tensor.of(x), Tensor.of(v));
    assertClose(gradCubic(x), r[0].toDoubleArray(), TOL, TOL, "∇g");
    assertClose(times(cubicHessian(x), v), r[1].toDoubleArray(), TOL, TOL, "H·v by forward-over-reverse");
  }

  private static double[] gradCubic(double[] x) {
    return new double[] {3 * x[0] * x[0] + x[1] * x[2], 3 * x[1] * x[1] + x[0] * x[2], 3 * x[2] * x[2] + x[0] * x[1]};
  }

  @Test
  void gradOfJvpIsAHessianVectorProduct() {
    double[] x = {0.5, -1.5, 2.0};
    double[] v = {1.0, 0.25, -2.0};
    Tensor vt = Tensor.of(v);
    Tensor hv = Autodiff.grad((Tensor p) -> Autodiff.jvp(CUBIC, p, vt)[1]).apply(Tensor.of(x));
    assertClose(times(cubicHessian(x), v), hv.toDoubleArray(), TOL, TOL, "H·v by reverse-over-forward");
    Tensor hv2 = Autodiff.grad((Tensor p) -> Autodiff.grad(CUBIC).apply(p).mul(vt).sum()).apply(Tensor.of(x));
    assertClose(times(cubicHessian(x), v), hv2.toDoubleArray(), TOL, TOL, "H·v by reverse-over-reverse");
  }

  @Test
  void allFourOrdersOfJacobiansGiveTheHessian() {
    double[] x = {0.3, 1.1, -0.6};
    Tensor p = Tensor.of(x);
    double[] h = flat(cubicHessian(x));
    assertClose(h, Autodiff.jacfwd(Autodiff.jacrev(CUBIC)).apply(p).toDoubleArray(), TOL, TOL, "jacfwd(jacrev)");
    assertClose(h, Autodiff.jacrev(Autodiff.jacfwd(CUBIC)).apply(p).toDoubleArray(), TOL, TOL, "jacrev(jacfwd)");
    assertClose(h, Autodiff.jacfwd(Autodiff.jacfwd(CUBIC)).apply(p).toDoubleArray(), TOL, TOL, "jacfwd(jacfwd)");
    assertClose(h, Autodiff.jacrev(Autodiff.jacrev(CUBIC)).apply(p).toDoubleArray(), TOL, TOL, "jacrev(jacrev)");
    assertClose(h, Autodiff.jacrev(Autodiff.grad(CUBIC)).apply(p).toDoubleArray(), TOL, TOL, "jacrev(grad)");
    assertClose(h, Autodiff.hessian(CUBIC).apply(p).toDoubleArray(), TOL, TOL, "hessian");
  }

  /** Second derivatives of a vector function R³ → R²: shape [2, 3, 3], in every order. */
  @Test
  void secondDerivativeTensorOfAVectorFunction() {
    Function<Tensor, Tensor> f = v -> Tensor.stack(0, v.get(0).mul(v.get(1)).mul(v.get(2)), v.get(0).square().mul(v.get(2).exp()));
    double[] x = {0.7, -0.2, 0.4};
    double e = Math.exp(x[2]);
    double[] expected = {
        0, x[2], x[1], x[2], 0, x[0], x[1], x[0], 0,
        2 * e, 0, 2 * x[0] * e, 0, 0, 0, 2 * x[0] * e, 0, x[0] * x[0] * e};
    Tensor p = Tensor.of(x);
    for (String order : new String[] {"fwd(rev)", "rev(fwd)", "fwd(fwd)", "rev(rev)", "hessian"}) {
      Tensor t = switch (order) {
        case "fwd(rev)" -> Autodiff.jacfwd(Autodiff.jacrev(f)).apply(p);
        case "rev(fwd)" -> Autodiff.jacrev(Autodiff.jacfwd(f)).apply(p);
        case "fwd(fwd)" -> Autodiff.jacfwd(Autodiff.jacfwd(f)).apply(p);
        case "rev(rev)" -> Autodiff.jacrev(Autodiff.jacrev(f)).apply(p);
        default -> Autodiff.hessian(f).apply(p);
      };
      assertShape(new long[] {2, 3, 3}, t, order);
      assertClose(expected, t.toDoubleArray(), TOL, TOL, order);
    }
  }

  @Test
  void vmapOfGradGivesPerExampleGradients() {
    // loss of one example (a, b) for weights w: (w·a − b)²; per-example gradient wrt a is 2(w·a − b)·w
    Tensor w = Tensor.of(0.5, -1.0, 2.0);
    Tensor examples = Tensor.of(new double[][] {{1, 2, 3, 0.5}, {0, -1, 1, 2}, {2, 2, -2, -1}});
    Function<Tensor, Tensor> loss = e -> e.slice(0, 0, 3).dot(w).sub(e.get(3)).square();
    Tensor g = Autodiff.vmap(Autodiff.grad(loss)).apply(examples);
    assertShape(new long[] {3, 4}, g, "per-example gradients");
    double[][] ex = {{1, 2, 3, 0.5}, {0, -1, 1, 2}, {2, 2, -2, -1}};
    double[] ws = {0.5, -1, 2};
    double[] expected = new double[12];
    for (int i = 0; i < 3; i++) {
      double r = ws[0] * ex[i][0] + ws[1] * ex[i][1] + ws[2] * ex[i][2] - ex[i][3];
      for (int j = 0; j < 3; j++) {
        expected[i * 4 + j] = 2 * r * ws[j];
      }
      expected[i * 4 + 3] = -2 * r;
    }
    assertClose(expected, g.toDoubleArray(), TOL, TOL, "vmap(grad(loss))");
  }

  @Test
  void gradOfVmap() {
    Tensor xs = Tensor.of(new double[][] {{0.1, 0.2}, {1.0, -0.5}, {2.0, 0.3}});
    Function<Tensor, Tensor> perRow = r -> r.get(0).mul(r.get(1).exp());
    Tensor g = Autodiff.grad((Tensor m) -> Autodiff.vmap(perRow).apply(m).square().sum()).apply(xs);
    double[][] x = {{0.1, 0.2}, {1.0, -0.5}, {2.0, 0.3}};
    double[] expected = new double[6];
    for (int i = 0; i < 3; i++) {
      double y = x[i][0] * Math.exp(x[i][1]);
      expected[2 * i] = 2 * y * Math.exp(x[i][1]);
      expected[2 * i + 1] = 2 * y * y;
    }
    assertClose(expected, g.toDoubleArray(), TOL, TOL, "grad(Σ vmap(f)²)");
  }

  @Test
  void vmapOfVmap() {
    Tensor x = Tensor.arange(0, 24).reshape(2, 3, 4).div(10.0).detach();
    Tensor w = Tensor.of(1.0, -2.0, 0.5, 3.0);
    Function<Tensor, Tensor> dot = v -> v.mul(w).sum().sin();
    Tensor both = Autodiff.vmap(Autodiff.vmap(dot)).apply(x);
    assertShape(new long[] {2, 3}, both, "vmap(vmap(f))");
    assertClose(x.mul(w).sum(-1).sin().toDoubleArray(), both.toDoubleArray(), TOL, TOL, "vmap(vmap(f))");
    // the inner map over axis 1 of each [3, 4] slice (i.e. columns), stacked on the last axis
    Function<Tensor, Tensor> colSum = c -> c.square().sum();
    Tensor cols = Autodiff.vmap(Autodiff.vmap(colSum, 1, 0), 0, 1).apply(x);
    assertShape(new long[] {4, 2}, cols, "inner over columns, outer stacked last");
    assertClose(x.square().sum(1).T().toDoubleArray(), cols.toDoubleArray(), TOL, TOL, "vmap(vmap(f, 1, 0), 0, 1)");
    // an outer map over axis 2 with an inner map over axis 0
    Tensor mixed = Autodiff.vmap(Autodiff.vmap(v -> v.mul(v.sum()), 0, 0), 2, 2).apply(x);
    assertShape(new long[] {2, 3, 4}, mixed, "vmap(vmap(f), 2, 2)");
    Tensor expected = x.mul(x.sum(true, 1));
    assertClose(expected.toDoubleArray(), mixed.toDoubleArray(), TOL, TOL, "vmap(vmap(f), 2, 2)");
  }

  @Test
  void vmapOfJacrevAndOfJacfwdGivePerExampleJacobians() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {0, -1}, {3, 0.5}});
    Function<Tensor, Tensor> f = v -> a.matmul(v.tanh()).mul(v.sum());
    Tensor xs = Tensor.of(new double[][] {{0.1, 0.2}, {-0.7, 0.4}, {1.5, -2.0}, {0.0, 0.3}});
    Tensor expected = Loops.map(Autodiff.jacrev(f), xs, 0, 0);
    Tensor rev = Autodiff.vmap(Autodiff.jacrev(f)).apply(xs);
    Tensor fwd = Autodiff.vmap(Autodiff.jacfwd(f)).apply(xs);
    assertShape(new long[] {4, 3, 2}, rev, "vmap(jacrev(f))");
    assertClose(expected.toDoubleArray(), rev.toDoubleArray(), TOL, TOL, "vmap(jacrev)");
    assertClose(expected.toDoubleArray(), fwd.toDoubleArray(), TOL, TOL, "vmap(jacfwd)");
    for (int i = 0; i < 4; i++) {
      Tensor xi = xs.get(i);
      assertClose(Loops.jacobianByDifferences(f, xi, 1e-6).toDoubleArray(), rev.get(i).toDoubleArray(), 1e-7, 1e-8,
          "jacobian of example " + i);
    }
    Tensor hs = Autodiff.vmap(Autodiff.hessian(v -> f.apply(v).sum())).apply(xs);
    assertShape(new long[] {4, 2, 2}, hs, "vmap(hessian)");
    assertClose(Loops.map(Autodiff.hessian(v -> f.apply(v).sum()), xs, 0, 0).toDoubleArray(), hs.toDoubleArray(), TOL, TOL,
        "vmap(hessian)");
  }

  @Test
  void gradOfJacobianAndJacobianOfVmap() {
    Function<Tensor, Tensor> f = v -> v.sin().mul(v.get(0));
    Tensor x = Tensor.of(0.4, -1.2, 0.9);
    // d/dx of the trace of the Jacobian
    Tensor g = Autodiff.grad((Tensor p) -> {
      Tensor j = Autodiff.jacrev(f).apply(p);
      return j.get(0, 0).add(j.get(1, 1)).add(j.get(2, 2));
    }).apply(x);
    double[] v = x.toDoubleArray();
    // tr J = Σᵢ ∂(sin vᵢ · v₀)/∂vᵢ = (cos v₀·v₀ + sin v₀) + v₀cos v₁ + v₀cos v₂
    double[] expected = {
        -Math.sin(v[0]) * v[0] + 2 * Math.cos(v[0]) + Math.cos(v[1]) + Math.cos(v[2]),
        -v[0] * Math.sin(v[1]),
        -v[0] * Math.sin(v[2])};
    assertClose(expected, g.toDoubleArray(), TOL, TOL, "∇ tr J");
    Tensor jv = Autodiff.jacfwd(Autodiff.vmap(Tensor::sin)).apply(x);
    assertClose(Tensor.eye(3).mul(x.cos()).toDoubleArray(), jv.toDoubleArray(), TOL, TOL, "jacfwd(vmap(sin)) = diag(cos x)");
    Tensor jr = Autodiff.jacrev(Autodiff.vmap(Tensor::sin)).apply(x);
    assertClose(Tensor.eye(3).mul(x.cos()).toDoubleArray(), jr.toDoubleArray(), TOL, TOL, "jacrev(vmap(sin))");
  }

  /** A tower of eight levels of every kind: vmap(jvp(grad(vmap(grad(jvp(grad(grad f))))))). */
  @Test
  void aMixedTowerOfEightLevels() {
    Function<Tensor, Tensor> f = Tensor::exp;
    Function<Tensor, Tensor> d2 = Autodiff.grad(Autodiff.grad(f));
    Function<Tensor, Tensor> d3 = x -> Autodiff.jvp(d2, x, Tensor.onesLike(x))[1];
    Function<Tensor, Tensor> d4 = Autodiff.grad(d3);
    Function<Tensor, Tensor> d4b = x -> Autodiff.vmap(d4).apply(x.expandDims(0)).get(0);
    Function<Tensor, Tensor> d5 = Autodiff.grad(d4b);
    Function<Tensor, Tensor> d6 = x -> Autodiff.jvp(d5, x, Tensor.onesLike(x))[1];
    Tensor xs = Tensor.of(-1.0, 0.0, 0.5);
    Tensor r = Autodiff.vmap(d6).apply(xs);
    assertClose(xs.exp().toDoubleArray(), r.toDoubleArray(), 1e-12, 1e-12, "sixth derivative of exp, mapped");
  }
}
