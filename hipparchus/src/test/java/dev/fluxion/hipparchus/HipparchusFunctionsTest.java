package dev.fluxion.hipparchus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import dev.fluxion.hipparchus.HipparchusFunctions.JacobianMode;
import java.util.function.Function;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;
import org.junit.jupiter.api.Test;

/** The adapter's functions against closed forms, its errors, and the README's "Hipparchus" snippet verbatim. */
class HipparchusFunctionsTest {
  /** f(x, y) = x²y + sin y. */
  private static final Function<Tensor, Tensor> F = p -> p.get(0).square().mul(p.get(1)).add(p.get(1).sin());

  @Test
  void valueGradientAndHessianAreExact() {
    double x = 0.7;
    double y = -1.1;
    double[] p = {x, y};
    assertEquals(x * x * y + Math.sin(y), HipparchusFunctions.function(F).value(p), 1e-15);
    assertArrayEquals(new double[] {2 * x * y, x * x + Math.cos(y)}, HipparchusFunctions.gradientFunction(F).value(p), 1e-15);
    double[][] h = HipparchusFunctions.hessian(F, null).value(p);
    assertArrayEquals(new double[] {2 * y, 2 * x}, h[0], 1e-15);
    assertArrayEquals(new double[] {2 * x, -Math.sin(y)}, h[1], 1e-15);
  }

  @Test
  void jacobianFunctionGivesTheValueAndTheJacobianInBothModes() {
    // g(p) = [p₀p₁, p₀ + p₂, det [[p₀, p₁], [p₂, 1]]] : ℝ³ → ℝ³
    Function<Tensor, Tensor> g = p -> Tensor.stack(0, p.get(0).mul(p.get(1)), p.get(0).add(p.get(2)),
        Linalg.det(Tensor.stack(0, Tensor.stack(0, p.get(0), p.get(1)), Tensor.stack(0, p.get(2), Tensor.constant(1.0)))));
    RealVector at = new ArrayRealVector(new double[] {2, 3, 5});
    double[][] expected = {{3, 2, 0}, {1, 0, 1}, {1, -5, -3}};
    for (JacobianMode mode : JacobianMode.values()) {
      Pair<RealVector, RealMatrix> r = HipparchusFunctions.jacobianFunction(g, mode, Device.cpu()).value(at);
      assertArrayEquals(new double[] {6, 7, 2 - 15}, r.getFirst().toArray(), 1e-14, mode + " value");
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(expected[i], r.getSecond().getRow(i), 1e-14, mode + " Jacobian row " + i);
      }
    }
  }

  @Test
  void aVectorValuedObjectiveIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HipparchusFunctions.function(p -> p.mul(2.0)).value(new double[] {1, 2}));
    assertTrue(e.getMessage().contains("2 values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HipparchusFunctions.gradientFunction(p -> p.mul(2.0)).value(new double[] {1, 2}));
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
  }

  @Test
  void evaluationsLeaveNoTensorBehind() {
    long before = Device.cpu().stats().liveTensors();
    var jacobian = HipparchusFunctions.jacobianFunction(F.andThen(v -> v.reshape(1)));
    for (int i = 0; i < 50; i++) {
      jacobian.value(new ArrayRealVector(new double[] {i, 1}));
    }
    System.gc();
    assertTrue(Device.cpu().stats().liveTensors() <= before + 5, "live tensors " + before + " -> "
        + Device.cpu().stats().liveTensors());
  }

  @Test
  void theReadmeSnippetRunsAsWritten() {
    // --- README begins ---
    Function<Tensor, Tensor> rosenbrock = p -> p.get(0).rsub(1.0).square().add(p.get(1).sub(p.get(0).square()).square().mul(100.0));
    PointValuePair min = new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15))
        .optimize(new MaxEval(10_000), HipparchusFunctions.objective(rosenbrock), HipparchusFunctions.gradient(rosenbrock),
            GoalType.MINIMIZE, new InitialGuess(new double[] {1, 0}));
    System.out.println(java.util.Arrays.toString(min.getPoint()));      // [0.99999999918..., 0.99999999838...]

    Tensor t = Tensor.linspace(0, 3, 60).detach();
    double[] y = t.mul(-1.3).exp().mul(2.0).add(0.5).toDoubleArray();    // observations of 2·exp(−1.3t) + 0.5
    Function<Tensor, Tensor> model = p -> p.get(0).mul(t.mul(p.get(1)).exp()).add(p.get(2));
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .model(HipparchusFunctions.jacobianFunction(model))             // values and the exact Jacobian (jacfwd)
        .target(y).start(new double[] {1, -0.5, 0}).maxEvaluations(100).maxIterations(100).build();
    double[] abc = new LevenbergMarquardtOptimizer().optimize(problem).getPoint().toArray();
    System.out.println(java.util.Arrays.toString(abc));                  // [2.0, -1.3, 0.5]
    // --- README ends ---
    assertArrayEquals(new double[] {1, 1}, min.getPoint(), 1e-6);
    assertArrayEquals(new double[] {2, -1.3, 0.5}, abc, 1e-9);
  }
}
