package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code Autodiff.jvp}: the value and the directional derivative {@code J·v} from one forward
 * pass (every tangent is computed while f runs, nothing after it returns, and the cost is a
 * small multiple of f's, independent of the output size), linear in the tangent, for functions
 * of one and several arguments. The per-primitive checks against finite differences and the
 * adjoint identity with {@code vjp} are in {@link PrimitiveGradientTests}.
 */
public abstract class ForwardModeTests extends DeviceTest {
  private static final int N = 50;

  /** A function R^50 → R^50 of 11 primitives (an elementwise chain around a matrix product). */
  private static Function<Tensor, Tensor> chain(Tensor w) {
    return x -> w.matmul(x.sin().mul(x)).tanh().add(x.exp().mul(0.1)).square().add(1.0).sqrt().log1p();
  }

  private static Tensor matrix(long seed) {
    return Tensor.randn(Rng.of(seed), N, N).mul(1.0 / Math.sqrt(N)).detach();
  }

  private static Tensor point(long seed) {
    return Tensor.rand(Rng.of(seed), N).detach();
  }

  @Test
  void jvpGivesTheValueAndTheJacobianTimesTheTangent() {
    Tensor w = matrix(1);
    Function<Tensor, Tensor> f = chain(w);
    Tensor x = point(2);
    Tensor v = point(3).sub(0.5);
    Tensor[] r = Autodiff.jvp(f, x, v);
    assertEquals(2, r.length);
    assertClose(f.apply(x).toDoubleArray(), r[0].toDoubleArray(), 0, 0, "value of jvp is f(x), exactly");
    Tensor jv = Loops.jacobianByDifferences(f, x, 1e-6).matmul(v);
    assertShape(new long[] {N}, r[1], "tangent");
    assertClose(jv.toDoubleArray(), r[1].toDoubleArray(), 1e-6, 1e-8, "J·v against finite differences");
    assertClose(Autodiff.jacrev(f).apply(x).matmul(v).toDoubleArray(), r[1].toDoubleArray(), 1e-12, 1e-12,
        "J·v against the reverse-mode Jacobian");
  }

  /**
   * Black-box proof of "one forward pass, no reverse sweep": all kernel launches of jvp happen
   * while f's body runs (a reverse sweep could only run after f has returned its output), and
   * their number is about 2–3 times that of f alone — far below the n·jvp of a Jacobian, and
   * independent of the output size.
   */
  @Test
  void jvpIsOneForwardPassWithNoReverseSweep() {
    Tensor w = matrix(4);
    Function<Tensor, Tensor> f = chain(w);
    Tensor x = point(5);
    Tensor v = point(6);
    f.apply(x);
    Autodiff.jvp(f, x, v);
    long plain = Loops.launches(() -> f.apply(x));
    long[] atReturn = new long[1];
    long total = Loops.launches(() -> Autodiff.jvp(y -> {
      Tensor out = f.apply(y);
      Device.defaultDevice().synchronize();
      atReturn[0] = Device.defaultDevice().stats().kernelLaunches();
      return out;
    }, x, v));
    assertEquals(atReturn[0], total, "kernel launches after f returned inside jvp (a reverse sweep would launch here)");
    assertTrue(plain >= 11, "f launches at least one kernel per primitive, got " + plain);
    assertTrue(total <= 3 * plain, "jvp launched " + total + " kernels, f alone " + plain + ": more than 3×");
    long jacobian = Loops.launches(() -> Autodiff.jacrev(f).apply(x));
    assertTrue(total < jacobian * N / 4, "jvp (" + total + " launches) is far below a Jacobian by columns");
    long vjpAndPull = Loops.launches(() -> Autodiff.vjp(f, x).pullback().apply(v));
    assertTrue(total <= vjpAndPull + plain, "jvp " + total + " vs vjp " + vjpAndPull);
  }

  /** The output size does not change the cost of one jvp: R^50 → R^2500 costs what R^50 → R^50 costs, plus the outer product. */
  @Test
  void jvpCostDoesNotGrowWithTheOutputSize() {
    Tensor x = point(7);
    Tensor v = point(8);
    Function<Tensor, Tensor> small = y -> y.sin().exp();
    Function<Tensor, Tensor> wide = y -> y.sin().exp().outer(y);
    long a = Loops.launches(() -> Autodiff.jvp(small, x, v));
    long b = Loops.launches(() -> Autodiff.jvp(wide, x, v));
    assertTrue(b <= a + 8, "jvp of the wide function launched " + b + " kernels, the small one " + a);
  }

  @Test
  void jvpIsLinearInTheTangent() {
    Function<Tensor, Tensor> f = chain(matrix(9));
    Tensor x = point(10);
    Tensor v1 = point(11);
    Tensor v2 = point(12);
    Tensor combined = Autodiff.jvp(f, x, v1.mul(2.0).sub(v2.mul(3.0)))[1];
    Tensor separate = Autodiff.jvp(f, x, v1)[1].mul(2.0).sub(Autodiff.jvp(f, x, v2)[1].mul(3.0));
    assertClose(separate.toDoubleArray(), combined.toDoubleArray(), 1e-12, 1e-12, "J(2v1 − 3v2) = 2Jv1 − 3Jv2");
    assertClose(new double[N], Autodiff.jvp(f, x, Tensor.zeros(N))[1].toDoubleArray(), 0, 0, "J·0 = 0");
  }

  @Test
  void jvpOfSeveralArgumentsSumsThePartials() {
    Function<Tensor[], Tensor> f = a -> a[0].mul(a[1].sin()).add(a[0].square().mul(a[1]));
    Tensor x = Tensor.of(0.3, -1.2, 2.0);
    Tensor y = Tensor.of(1.5, 0.25, -0.75);
    Tensor tx = Tensor.of(1.0, 0.5, -2.0);
    Tensor ty = Tensor.of(-0.5, 3.0, 1.0);
    Tensor[] r = Autodiff.jvpN(f, new Tensor[] {x, y}, new Tensor[] {tx, ty});
    double[] xs = x.toDoubleArray();
    double[] ys = y.toDoubleArray();
    double[] txs = tx.toDoubleArray();
    double[] tys = ty.toDoubleArray();
    double[] value = new double[3];
    double[] tangent = new double[3];
    for (int i = 0; i < 3; i++) {
      value[i] = xs[i] * Math.sin(ys[i]) + xs[i] * xs[i] * ys[i];
      double dx = Math.sin(ys[i]) + 2 * xs[i] * ys[i];
      double dy = xs[i] * Math.cos(ys[i]) + xs[i] * xs[i];
      tangent[i] = dx * txs[i] + dy * tys[i];
    }
    assertClose(value, r[0].toDoubleArray(), 1e-14, 1e-14, "value");
    assertClose(tangent, r[1].toDoubleArray(), 1e-14, 1e-14, "∂f/∂x·tx + ∂f/∂y·ty");
  }

  @Test
  void jvpOfAFunctionThatIgnoresItsInputHasAZeroTangent() {
    Tensor c = Tensor.of(1.0, 2.0);
    Tensor[] r = Autodiff.jvp(x -> c.exp(), Tensor.of(0.5, 0.5), Tensor.of(1.0, 1.0));
    assertClose(new double[] {Math.E, Math.exp(2)}, r[0].toDoubleArray(), 1e-15, 0, "value");
    assertClose(new double[2], r[1].toDoubleArray(), 0, 0, "tangent");
    assertEquals(DType.FLOAT64, r[1].dtype());
  }

  @Test
  void jvpKeepsTheDtypeOfTheInput() {
    Tensor[] r = Autodiff.jvp(x -> x.sin().mul(x), Tensor.of(0.5f, 1.5f), Tensor.of(1f, 1f));
    assertEquals(DType.FLOAT32, r[0].dtype());
    assertEquals(DType.FLOAT32, r[1].dtype());
    double[] expected = {Math.sin(0.5) + 0.5 * Math.cos(0.5), Math.sin(1.5) + 1.5 * Math.cos(1.5)};
    assertClose(expected, r[1].toDoubleArray(), 1e-6, 1e-6, "FLOAT32 tangent");
  }

  @Test
  void jvpRejectsBadTangentsAndIntegerInputs() {
    Function<Tensor, Tensor> f = Tensor::sin;
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(f, Tensor.of(1.0, 2.0), Tensor.of(1.0, 2.0, 3.0))),
        "jvp", "[3]", "[2]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(f, Tensor.of(1, 2), Tensor.of(1, 2))),
        "jvp", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Autodiff.jvpN(a -> a[0], new Tensor[] {Tensor.of(1.0)}, new Tensor[0])), "jvp", "1 arguments but 0 tangents");
  }

  @Test
  void theTangentOfAMatrixFunctionHasTheOutputsShape() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor t = Tensor.of(new double[][] {{0, 1}, {1, 0}, {0.5, -0.5}});
    Tensor[] r = Autodiff.jvp(m -> m.T().matmul(m), a, t);
    assertShape(new long[] {2, 2}, r[1], "tangent of AᵀA");
    // d(AᵀA) = TᵀA + AᵀT
    Tensor expected = t.T().matmul(a).add(a.T().matmul(t));
    assertArrayEquals(expected.toDoubleArray(), r[1].toDoubleArray(), 1e-13);
  }
}
