package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code jacfwd}, {@code jacrev} and {@code hessian} of functions from a tensor of any shape to
 * a tensor of any shape (result shape {@code out.shape ++ in.shape}), including 0-d inputs and
 * outputs and matrix functions of matrices, against finite differences and closed forms; and
 * the proof that each is one batched pass (kernel launches), not a Java loop over columns.
 */
public abstract class JacobianTests extends DeviceTest {
  /** A function with its input point. */
  private record Case(String name, Function<Tensor, Tensor> f, Tensor x) {}

  private static List<Case> cases() {
    Tensor m23 = Tensor.of(new double[][] {{0.5, -1.0, 0.25}, {1.5, 0.75, -0.5}}).detach();
    Tensor m22 = Tensor.of(new double[][] {{0.5, -1.0}, {2.0, 0.25}}).detach();
    Tensor t234 = Tensor.rand(Rng.of(3), 2, 3, 4).sub(0.5).detach();
    return List.of(
        new Case("0-d → 0-d", x -> x.sin().mul(x.exp()), Tensor.constant(0.7)),
        new Case("0-d → [2, 3]", x -> m23.mul(x).sin(), Tensor.constant(-0.4)),
        new Case("[3] → 0-d", x -> x.square().sum().sqrt(), Tensor.constant(1.0, -2.0, 0.5)),
        new Case("[2, 3] → 0-d", x -> x.tanh().mul(x).sum(), m23),
        new Case("[2, 3] → [3]", x -> x.exp().sum(0), m23),
        new Case("[2, 3] → [3, 3]: XᵀX", x -> x.T().matmul(x), m23),
        new Case("[2, 2] → [2, 2]: X·X", x -> x.matmul(x), m22),
        new Case("[2, 2] → [2, 2]: softmax of rows", x -> x.softmax(1), m22),
        new Case("[2, 3, 4] → [4, 2]", x -> x.sum(1).T().sin(), t234),
        new Case("[3] → [2, 3, 1]", x -> Tensor.stack(0, x.sin(), x.cos()).expandDims(-1), Tensor.constant(0.1, 0.2, 0.3)));
  }

  @TestFactory
  Stream<DynamicTest> jacobiansHaveShapeOutPlusInAndMatchFiniteDifferences() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      long[] out = Autodiff.noGrad(() -> c.f().apply(c.x())).shape();
      long[] shape = Loops.concat(out, c.x().shape());
      Tensor numeric = Loops.jacobianByDifferences(c.f(), c.x(), 1e-6);
      Tensor fwd = Autodiff.jacfwd(c.f()).apply(c.x());
      Tensor rev = Autodiff.jacrev(c.f()).apply(c.x());
      assertShape(shape, fwd, "jacfwd " + c.name());
      assertShape(shape, rev, "jacrev " + c.name());
      assertEquals(DType.FLOAT64, fwd.dtype());
      assertEquals(DType.FLOAT64, rev.dtype());
      assertClose(numeric.toDoubleArray(), fwd.toDoubleArray(), 1e-7, 1e-8, "jacfwd vs finite differences");
      assertClose(numeric.toDoubleArray(), rev.toDoubleArray(), 1e-7, 1e-8, "jacrev vs finite differences");
      assertClose(fwd.toDoubleArray(), rev.toDoubleArray(), 1e-13, 1e-13, "jacfwd vs jacrev");
    }));
  }

  @TestFactory
  Stream<DynamicTest> hessiansHaveShapeOutPlusInPlusInAndAreSymmetric() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      long[] out = Autodiff.noGrad(() -> c.f().apply(c.x())).shape();
      long[] in = c.x().shape();
      Tensor h = Autodiff.hessian(c.f()).apply(c.x());
      assertShape(Loops.concat(out, Loops.concat(in, in)), h, "hessian " + c.name());
      long m = Loops.size(out);
      long n = Loops.size(in);
      Tensor h3 = h.reshape(m, n, n);
      assertClose(h3.toDoubleArray(), h3.swapAxes(1, 2).toDoubleArray(), 1e-12, 1e-12, "symmetric");
      Tensor numeric = Loops.jacobianByDifferences(Autodiff.jacrev(c.f()), c.x(), 1e-6);
      assertClose(numeric.toDoubleArray(), h.toDoubleArray(), 1e-6, 1e-7, "hessian vs differences of jacrev");
      assertClose(Autodiff.jacrev(Autodiff.jacrev(c.f())).apply(c.x()).toDoubleArray(), h.toDoubleArray(),
          1e-12, 1e-12, "hessian vs jacrev(jacrev)");
    }));
  }

  /** d(X·X)/dX[k,l] at [i,j] = δᵢₖ X[l,j] + X[i,k] δⱼₗ. */
  @Test
  void jacobianOfTheMatrixSquareInClosedForm() {
    double[][] x = {{0.5, -1.0, 2.0}, {2.0, 0.25, 0.0}, {1.0, 3.0, -0.5}};
    double[] expected = new double[81];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          for (int l = 0; l < 3; l++) {
            expected[((i * 3 + j) * 3 + k) * 3 + l] = (i == k ? x[l][j] : 0) + (j == l ? x[i][k] : 0);
          }
        }
      }
    }
    Tensor point = Tensor.of(x);
    assertClose(expected, Autodiff.jacfwd((Tensor m) -> m.matmul(m)).apply(point).toDoubleArray(), 0, 0, "jacfwd");
    assertClose(expected, Autodiff.jacrev((Tensor m) -> m.matmul(m)).apply(point).toDoubleArray(), 0, 0, "jacrev");
  }

  /** ∂²(Σ X³)/∂X² = diag(6X), of shape [2, 3, 2, 3]; x⁴ has the 0-d Hessian 12x². */
  @Test
  void hessiansInClosedForm() {
    double[] x = {0.5, -1.0, 0.25, 1.5, 0.75, -0.5};
    Tensor m = Tensor.from(x, 2, 3);
    double[] expected = new double[36];
    for (int i = 0; i < 6; i++) {
      expected[i * 6 + i] = 6 * x[i];
    }
    Tensor h = Autodiff.hessian(t -> t.pow(3.0).sum()).apply(m);
    assertShape(new long[] {2, 3, 2, 3}, h, "hessian of a matrix function");
    assertClose(expected, h.toDoubleArray(), 1e-14, 1e-14, "hessian of Σ X³");
    Tensor h0 = Autodiff.hessian(t -> t.pow(4.0)).apply(Tensor.of(1.5));
    assertShape(new long[0], h0, "0-d hessian");
    assertEquals(12 * 1.5 * 1.5, h0.item(), 1e-13);
  }

  @Test
  void jacobiansOfFloat32FunctionsStayFloat32() {
    Tensor x = Tensor.of(0.5f, -1f);
    Tensor j = Autodiff.jacrev(t -> t.sin().mul(t)).apply(x);
    Tensor k = Autodiff.jacfwd(t -> t.sin().mul(t)).apply(x);
    assertEquals(DType.FLOAT32, j.dtype());
    assertEquals(DType.FLOAT32, k.dtype());
    double[] expected = {Math.sin(0.5) + 0.5 * Math.cos(0.5), 0, 0, Math.sin(-1) - Math.cos(-1)};
    assertClose(expected, j.toDoubleArray(), 1e-6, 1e-6, "jacrev FLOAT32");
    assertClose(expected, k.toDoubleArray(), 1e-6, 1e-6, "jacfwd FLOAT32");
  }

  @Test
  void jacobiansAtIntegerInputsThrow() {
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.jacfwd(t -> t.to(DType.FLOAT64)).apply(Tensor.of(1, 2))), "jacfwd", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.jacrev(t -> t.to(DType.FLOAT64)).apply(Tensor.of(1, 2))), "int32");
  }

  // ---- one batched pass, not a loop over columns (kernel launches)

  private static final int N = 50;

  private static Function<Tensor, Tensor> fiftyToFifty() {
    Tensor w = Tensor.randn(Rng.of(21), N, N).mul(1.0 / Math.sqrt(N)).detach();
    return x -> w.matmul(x.sin().mul(x)).tanh().add(x.exp().mul(0.1)).square().add(1.0).sqrt();
  }

  @Test
  void jacrevIsOneBatchedPullbackNotALoopOverRows() {
    Function<Tensor, Tensor> f = fiftyToFifty();
    Tensor x = Tensor.rand(Rng.of(22), N).detach();
    Tensor ct = Tensor.rand(Rng.of(23), N).detach();
    Autodiff.jacrev(f).apply(x);
    long oneVjp = Loops.launches(() -> Autodiff.vjp(f, x).pullback().apply(ct));
    long jacobian = Loops.launches(() -> Autodiff.jacrev(f).apply(x));
    assertTrue(oneVjp >= 10, "one vjp launches a kernel per primitive and rule, got " + oneVjp);
    assertTrue(jacobian <= 2 * oneVjp, "jacrev of R^50 → R^50 launched " + jacobian
        + " kernels, one vjp " + oneVjp + ": a loop over the 50 rows would launch about " + N * oneVjp);
    assertClose(Loops.jacobianByRows(f, x).toDoubleArray(), Autodiff.jacrev(f).apply(x).toDoubleArray(), 1e-13, 1e-13,
        "the batched Jacobian");
  }

  @Test
  void jacfwdIsOneBatchedJvpNotALoopOverColumns() {
    Function<Tensor, Tensor> f = fiftyToFifty();
    Tensor x = Tensor.rand(Rng.of(24), N).detach();
    Tensor t = Tensor.rand(Rng.of(25), N).detach();
    Autodiff.jacfwd(f).apply(x);
    long oneJvp = Loops.launches(() -> Autodiff.jvp(f, x, t));
    long jacobian = Loops.launches(() -> Autodiff.jacfwd(f).apply(x));
    assertTrue(oneJvp >= 10, "one jvp launches a kernel per primitive and rule, got " + oneJvp);
    assertTrue(jacobian <= 2 * oneJvp, "jacfwd of R^50 → R^50 launched " + jacobian
        + " kernels, one jvp " + oneJvp + ": a loop over the 50 columns would launch about " + N * oneJvp);
    assertClose(Loops.jacobianByColumns(f, x).toDoubleArray(), Autodiff.jacfwd(f).apply(x).toDoubleArray(), 1e-13, 1e-13,
        "the batched Jacobian");
  }

  @Test
  void hessianIsOneBatchedPassToo() {
    Function<Tensor, Tensor> g = fiftyToFifty().andThen(Tensor::sum);
    Tensor x = Tensor.rand(Rng.of(26), N).detach();
    Tensor v = Tensor.rand(Rng.of(27), N).detach();
    Autodiff.hessian(g).apply(x);
    long hvp = Loops.launches(() -> Autodiff.jvp(Autodiff.grad(g), x, v));
    long hessian = Loops.launches(() -> Autodiff.hessian(g).apply(x));
    assertTrue(hessian <= 2 * hvp, "hessian of R^50 → R launched " + hessian + " kernels, one Hessian-vector product " + hvp);
  }
}
