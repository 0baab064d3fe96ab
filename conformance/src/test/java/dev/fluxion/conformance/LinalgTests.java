package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertPasses;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.GradCheck;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Linalg} on the suite's device: values against hand-computed results and identities
 * (A·X = B, L·Lᵀ = A, A⁻¹·A = I), batching and broadcasting, dtypes, the errors (singular and
 * indefinite matrices name the op and the batch index), derivatives beyond the primitive table
 * (the closed forms of det's gradient and Hessian), and the tape staying on the device.
 * The gradient checks of every op are rows of {@link PrimitiveTable}.
 */
public abstract class LinalgTests extends DeviceTest {
  private static final double TOL = 1e-12;

  /** Random matrices {@code (..., n, n)} with ±n on the diagonal: well conditioned. */
  private static Tensor wellConditioned(long seed, long... shape) {
    Random r = new Random(seed);
    double[] d = Data.sample(r, Data.uniform(-1, 1), shape);
    int n = (int) shape[shape.length - 1];
    for (int at = 0; at < d.length; at += n * n) {
      for (int i = 0; i < n; i++) {
        d[at + i * n + i] += r.nextBoolean() ? n : -n;
      }
    }
    return Tensor.from(d, shape);
  }

  /** Random symmetric positive definite matrices {@code M·Mᵀ + n·I}. */
  private static Tensor spd(long seed, long... shape) {
    Tensor m = Tensor.from(Data.sample(new Random(seed), Data.uniform(-1, 1), shape), shape);
    int n = (int) shape[shape.length - 1];
    return m.matmul(m.swapAxes(-1, -2)).add(Tensor.eye(n).mul(n)).detach();
  }

  @Test
  void solveGivesTheKnownSolution() {
    Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
    assertTensor(new long[] {2}, new double[] {2, 3}, Linalg.solve(a, Tensor.of(9.0, 8.0)), TOL, "vector b");
    assertTensor(new long[] {2, 2}, new double[] {2, -0.2, 3, 0.6},
        Linalg.solve(a, Tensor.of(new double[][] {{9, 0}, {8, 1}})), TOL, "matrix B");
    // a zero in the first pivot position needs a row exchange
    Tensor swap = Tensor.of(new double[][] {{0, 2}, {1, 1}});
    assertTensor(new long[] {2}, new double[] {1, 2}, Linalg.solve(swap, Tensor.of(4.0, 3.0)), TOL, "pivoting");
  }

  @Test
  void solveIsBatchedAndBroadcastsItsBatchAxes() {
    Tensor a = wellConditioned(1, 4, 1, 6, 6);
    Tensor b = Tensor.from(Data.sample(new Random(2), Data.uniform(-1, 1), 3, 6, 2), 3, 6, 2);
    Tensor x = Linalg.solve(a, b);
    assertEquals(Approx.shape(4, 3, 6, 2), Approx.shape(x.shape()));
    assertClose(b.broadcastTo(4, 3, 6, 2).toDoubleArray(), a.matmul(x).toDoubleArray(), 1e-12, 1e-12, "A·X = B");
    // each batch matrix alone gives the same numbers
    Tensor one = Linalg.solve(a.get(2, 0), b.get(1));
    assertClose(one.toDoubleArray(), x.get(2, 1).toDoubleArray(), 0, 1e-15, "batch [2, 1] alone");
  }

  @Test
  void broadcastScalarOperandsAreAccepted() {
    // zerosLike and full-of-a-scalar tensors occupy no memory (one immediate value, stride 0)
    Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
    assertTensor(new long[] {2, 3}, new double[6], Linalg.solve(a, Tensor.zerosLike(Tensor.zeros(2, 3))), 0, "A⁻¹·0");
    assertEquals(0.0, Linalg.det(Tensor.zerosLike(a)).item(), "det of an immediate zero matrix");
    // a tangent that is a broadcast immediate: jvp of solve along Ḃ = 0, Ȧ = ones
    Tensor[] r = Autodiff.jvp(m -> Linalg.det(m), a, Tensor.onesLike(a));
    assertEquals(5 * (0.4 - 0.2 - 0.2 + 0.6), r[1].item(), 1e-12, "d det along ones = det·tr(A⁻¹·1)");
  }

  @Test
  void mediumMatricesSolve() {
    Tensor a = wellConditioned(3, 2, 70, 70);
    Tensor b = Tensor.from(Data.sample(new Random(4), Data.uniform(-1, 1), 70, 3), 70, 3);
    Tensor x = Linalg.solve(a, b);
    assertClose(b.broadcastTo(2, 70, 3).toDoubleArray(), a.matmul(x).toDoubleArray(), 1e-11, 1e-11, "A·X = B, n = 70");
  }

  @Test
  void invTimesAIsTheIdentity() {
    Tensor a = wellConditioned(5, 3, 4, 4);
    Tensor i = Linalg.inv(a);
    assertClose(Tensor.eye(4).broadcastTo(3, 4, 4).toDoubleArray(), i.matmul(a).toDoubleArray(), 1e-12, 1e-12, "A⁻¹·A");
    assertTensor(new long[] {2, 2}, new double[] {0.4, -0.2, -0.2, 0.6}, Linalg.inv(Tensor.of(new double[][] {{3, 1}, {1, 2}})),
        TOL, "inverse of [[3, 1], [1, 2]]");
  }

  @Test
  void detAndSlogdetOfKnownMatrices() {
    assertTensor(new long[0], new double[] {-2}, Linalg.det(Tensor.of(new double[][] {{1, 2}, {3, 4}})), TOL, "det 2×2");
    Tensor stack = Tensor.from(new double[] {2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1, 2, 3, 2, 4, 6, 1, 0, 1},
        3, 3, 3);
    assertTensor(new long[] {3}, new double[] {24, -1, 0}, Linalg.det(stack), TOL, "det of a stack (the last one singular)");
    Tensor[] s = Linalg.slogdet(stack);
    assertTensor(new long[] {3}, new double[] {1, -1, 0}, s[0], 0, "signs");
    assertTensor(new long[] {3}, new double[] {Math.log(24), 0, Double.NEGATIVE_INFINITY}, s[1], TOL, "log|det|");
    // det overflows where slogdet does not: det(1e10·I₅₀) = 1e500
    Tensor big = Tensor.eye(50).mul(1e10);
    assertEquals(Double.POSITIVE_INFINITY, Linalg.det(big).item());
    assertEquals(500 * Math.log(10), Linalg.slogdet(big)[1].item(), 1e-10);
    assertEquals(1.0, Linalg.det(Tensor.zeros(0, 0)).item(), "det of a 0×0 matrix");
  }

  @Test
  void choleskyFactorsTheSymmetricPart() {
    Tensor l = Linalg.cholesky(Tensor.of(new double[][] {{4, 2}, {2, 3}}));
    assertTensor(new long[] {2, 2}, new double[] {2, 0, 1, Math.sqrt(2)}, l, TOL, "L of [[4, 2], [2, 3]]");
    Tensor a = spd(6, 3, 5, 5);
    Tensor f = Linalg.cholesky(a);
    assertClose(a.toDoubleArray(), f.matmul(f.swapAxes(-1, -2)).toDoubleArray(), 1e-12, 1e-12, "L·Lᵀ = A");
    double[] upper = f.toDoubleArray();
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
          assertEquals(0.0, upper[b * 25 + i * 5 + j], "zero above the diagonal");
        }
      }
    }
    // A non-symmetric input is factorised as (A + Aᵀ)/2, as JAX does
    Tensor skewed = a.add(Tensor.of(new double[][] {{0, 1, 0, 0, 0}, {-1, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}));
    assertClose(f.toDoubleArray(), Linalg.cholesky(skewed).toDoubleArray(), 1e-14, 1e-14, "cholesky(A + skew)");
  }

  @Test
  void solveTriangularReadsOnlyItsTriangle() {
    double nan = Double.NaN;
    Tensor lowerWithGarbage = Tensor.of(new double[][] {{2, nan, nan}, {1, 4, nan}, {-1, 2, 5}});
    Tensor x = Linalg.solveTriangular(lowerWithGarbage, Tensor.of(2.0, 9.0, 13.0), true);
    assertTensor(new long[] {3}, new double[] {1, 2, 2}, x, TOL, "lower");
    Tensor upperWithGarbage = Tensor.of(new double[][] {{2, 1, -1}, {nan, 4, 2}, {nan, nan, 5}});
    Tensor y = Linalg.solveTriangular(upperWithGarbage, Tensor.of(new double[][] {{2}, {12}, {10}}), false);
    assertTensor(new long[] {3, 1}, new double[] {1, 2, 2}, y, TOL, "upper");
  }

  @Test
  void float32AndIntegerOperands() {
    Tensor a32 = Tensor.of(new float[][] {{3, 1}, {1, 2}});
    Tensor x = Linalg.solve(a32, Tensor.of(9f, 8f));
    assertEquals(DType.FLOAT32, x.dtype());
    assertClose(new double[] {2, 3}, x.toDoubleArray(), 1e-6, 1e-6, "float32 solve");
    assertEquals(DType.FLOAT32, Linalg.det(a32).dtype());
    assertEquals(5.0, Linalg.det(a32).item(), 1e-5);
    assertClose(new double[] {2, 0, 1, Math.sqrt(2)}, Linalg.cholesky(Tensor.of(new float[][] {{4, 2}, {2, 3}})).toDoubleArray(),
        1e-6, 1e-6, "float32 cholesky");
    Tensor ints = Tensor.from(new int[] {1, 2, 3, 4}, 2, 2);
    assertEquals(DType.FLOAT64, Linalg.det(ints).dtype());
    assertEquals(-2.0, Linalg.det(ints).item(), TOL);
    // mixed operands promote: float32 A with a float64 b computes in float64
    assertEquals(DType.FLOAT64, Linalg.solve(a32, Tensor.of(9.0, 8.0)).dtype());
  }

  @Test
  void singularMatricesThrowNamingTheOpAndTheBatchIndex() {
    Tensor singular = Tensor.of(new double[][] {{1, 2}, {2, 4}});
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> Linalg.solve(singular, Tensor.of(1.0, 1.0)));
    assertMentions(e, "solve", "singular");
    assertMentions(assertThrows(ArithmeticException.class, () -> Linalg.inv(singular)), "inv", "singular");
    Tensor stack = Tensor.stack(0, Tensor.eye(2), Tensor.eye(2).mul(2.0), singular, Tensor.zeros(2, 2)).reshape(2, 2, 2, 2);
    e = assertThrows(ArithmeticException.class, () -> Linalg.inv(stack));
    assertMentions(e, "inv", "batch index 2", "[1, 0]", "[2, 2]");
    Tensor indefinite = Tensor.stack(0, Tensor.eye(3), Tensor.of(new double[][] {{1, 2, 0}, {2, 1, 0}, {0, 0, 1}}));
    e = assertThrows(ArithmeticException.class, () -> Linalg.cholesky(indefinite));
    assertMentions(e, "cholesky", "batch index 1", "not positive definite");
    Tensor zeroDiagonal = Tensor.of(new double[][] {{1, 0}, {5, 0}});
    assertMentions(assertThrows(ArithmeticException.class, () -> Linalg.solveTriangular(zeroDiagonal, Tensor.of(1.0, 1.0), true)),
        "solveTriangular", "singular");
    // det and slogdet are exact there; their derivatives need A⁻¹ and throw
    assertEquals(0.0, Linalg.det(singular).item());
    e = assertThrows(ArithmeticException.class, () -> Autodiff.grad((Tensor m) -> Linalg.det(m)).apply(singular));
    assertMentions(e, "det (derivative)", "singular");
  }

  @Test
  void badShapesAreRefusedNamingTheOpAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.det(Tensor.zeros(2, 3)));
    assertMentions(e, "det", "square", "[2, 3]");
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.inv(Tensor.of(1.0, 2.0)));
    assertMentions(e, "inv", "[2]");
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.solve(Tensor.eye(3), Tensor.zeros(2, 1)));
    assertMentions(e, "solve", "[2, 1]", "[3, 3]");
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.solve(Tensor.eye(3), Tensor.zeros(4)));
    assertMentions(e, "solve", "[4]", "3 elements");
    e = assertThrows(IllegalArgumentException.class, () -> Linalg.solve(Tensor.zeros(2, 3, 3), Tensor.zeros(4, 3, 1)));
    assertMentions(e, "solve", "[2]", "[4]");
  }

  @Test
  void detGradientIsDetTimesTheInverseTransposed() {
    Tensor a = wellConditioned(7, 4, 4);
    Tensor g = Autodiff.grad((Tensor m) -> Linalg.det(m)).apply(a);
    Tensor expected = Linalg.inv(a).swapAxes(-1, -2).mul(Linalg.det(a));
    assertClose(expected.toDoubleArray(), g.toDoubleArray(), 1e-12, 1e-12, "∂det/∂A = det·A⁻ᵀ");
    // the MyGrad-style tape gives the same
    Tensor v = a.asVariable();
    Linalg.det(v).backward();
    assertClose(expected.toDoubleArray(), v.grad().toDoubleArray(), 1e-12, 1e-12, "backward()");
  }

  @Test
  void hessianOfDetIsItsClosedForm() {
    // det [[a, b], [c, d]] = ad − bc: the Hessian over (a, b, c, d) is constant
    Function<Tensor, Tensor> det = p -> Linalg.det(p.reshape(2, 2));
    Tensor h = Autodiff.hessian(det).apply(Tensor.of(0.3, -1.2, 2.0, 0.7));
    assertTensor(new long[] {4, 4}, new double[] {0, 0, 0, 1, 0, 0, -1, 0, 0, -1, 0, 0, 1, 0, 0, 0}, h, 1e-12, "hessian of det");
    // and for 3×3 log|det|, against finite differences of its gradient, both modes
    Function<Tensor, Tensor> logdet = p -> Linalg.slogdet(p.reshape(3, 3))[1];
    Tensor at = wellConditioned(8, 3, 3).reshape(9);
    assertPasses(GradCheck.defaults().vjp(Autodiff.grad(logdet), at), "hessian of log|det| (reverse)");
    assertPasses(GradCheck.defaults().jvp(Autodiff.grad(logdet), at), "hessian of log|det| (forward)");
  }

  @Test
  void vmapOfSolveEqualsTheBatchedCall() {
    Tensor a = wellConditioned(9, 5, 3, 3);
    Tensor b = Tensor.from(Data.sample(new Random(10), Data.uniform(-1, 1), 5, 3), 5, 3);
    Tensor mapped = Autodiff.vmap((Tensor ab) -> Linalg.solve(ab.slice(0, 0, 3), ab.get(3))).apply(
        Tensor.concat(1, a, b.expandDims(1)));
    Tensor batched = Linalg.solve(a, b.expandDims(-1)).squeeze(-1);
    assertClose(batched.toDoubleArray(), mapped.toDoubleArray(), 0, 1e-15, "vmap(solve) vs batched solve");
    // per-example Jacobians of det under vmap
    Tensor jac = Autodiff.vmap(Autodiff.jacrev((Tensor m) -> Linalg.det(m))).apply(a);
    Tensor expected = Linalg.inv(a).swapAxes(-1, -2).mul(Linalg.det(a).expandDims(-1).expandDims(-1));
    assertClose(expected.toDoubleArray(), jac.toDoubleArray(), 1e-12, 1e-12, "vmap(jacrev(det))");
  }

  @Test
  void newtonOnRosenbrockReachesTheMinimumInSevenSteps() {
    Function<Tensor, Tensor> f = p -> p.get(0).rsub(1.0).square().add(p.get(1).sub(p.get(0).square()).square().mul(100.0));
    Tensor p = Tensor.of(1.0, 0.0).detach();
    int steps = 0;
    while (steps < 7 && Autodiff.grad(f).apply(p).abs().max().item() > 1e-10) {
      p = p.sub(Linalg.solve(Autodiff.hessian(f).apply(p), Autodiff.grad(f).apply(p))).detach();
      steps++;
    }
    assertClose(new double[] {1, 1}, p.toDoubleArray(), 0, 1e-10, "Newton after " + steps + " steps");
  }

  @Test
  void theTapeOfASolveStaysOnTheDevice() {
    Device device = device();
    Tensor a = wellConditioned(11, 8, 8).to(device).asVariable();
    Tensor b = Tensor.from(Data.sample(new Random(12), Data.uniform(-1, 1), 8, 2), 8, 2).to(device).asVariable();
    Tensor loss = Linalg.solve(a, b).square().sum().add(Linalg.slogdet(a)[1]);
    device.resetStats();
    loss.backward();
    long expectedFlags = device == Device.cpu() ? 0 : 4;  // the backward's one solve reads its singularity flag
    assertEquals(0, device.stats().hostToDeviceBytes(), "bytes written to the device by backward()");
    assertEquals(expectedFlags * 2, device.stats().deviceToHostBytes(),
        "bytes read from the device by backward(): a 4-byte flag for each of its 2 solves (A⁻ᵀG, and A⁻ᵀ for slogdet)");
    assertTrue(a.grad() != null && b.grad() != null);
  }

  @Test
  void theReadmeSnippetRunsAsWritten() {
    // --- README begins ---
    Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
    System.out.println(Linalg.solve(a, Tensor.of(9.0, 8.0)));          // Tensor([2., 3.])
    System.out.println(Linalg.inv(a));                                 // [[0.4, -0.2], [-0.2, 0.6]]
    System.out.println(Linalg.det(a));                                 // Tensor(5.)
    Tensor[] sl = Linalg.slogdet(a);                                   // {sign, log|det|}
    System.out.println(sl[0] + " " + sl[1]);                           // Tensor(1.) Tensor(1.60943791)
    Tensor l = Linalg.cholesky(a);                                     // L·Lᵀ = a: [[1.73205081, 0], [0.57735027, 1.29099445]]
    System.out.println(Linalg.solveTriangular(l, Tensor.of(2.0, 1.0), true));  // L⁻¹b: Tensor([1.15470054, 0.25819889])
    System.out.println(Autodiff.grad(Linalg::det).apply(a));           // det·A⁻ᵀ: [[2, -1], [-1, 3]]
    System.out.println(Linalg.det(Tensor.stack(0, a, a.mul(2.0))));    // batched: Tensor([ 5., 20.])
    // --- README ends ---
    assertEquals("Tensor([2., 3.])", Linalg.solve(a, Tensor.of(9.0, 8.0)).toString());
    assertTensor(new long[] {2, 2}, new double[] {0.4, -0.2, -0.2, 0.6}, Linalg.inv(a), TOL, "inv");
    assertEquals("Tensor(1.) Tensor(1.60943791)", sl[0] + " " + sl[1]);
    assertTensor(new long[] {2, 2}, new double[] {Math.sqrt(3), 0, 1 / Math.sqrt(3), Math.sqrt(5.0 / 3)}, l, TOL, "cholesky");
    assertEquals("Tensor([1.15470054, 0.25819889])", Linalg.solveTriangular(l, Tensor.of(2.0, 1.0), true).toString());
    assertTensor(new long[] {2, 2}, new double[] {2, -1, -1, 3}, Autodiff.grad(Linalg::det).apply(a), TOL, "grad det");
    assertEquals("Tensor([ 5., 20.])", Linalg.det(Tensor.stack(0, a, a.mul(2.0))).toString());
  }
}
