package dev.fluxion.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Tensor;
import dev.fluxion.hipparchus.HipparchusFunctions.JacobianMode;
import java.util.Random;
import java.util.function.Function;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.EvaluationRmsChecker;
import org.hipparchus.optim.nonlinear.vector.leastsquares.GaussNewtonOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer.Optimum;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.junit.jupiter.api.Test;

/**
 * Example (c) of issue 14: a nonlinear regression. Fit {@code y = a·exp(b·t) + c} to 60 noisy
 * samples of {@code 2·exp(−1.3·t) + 0.5} (Gaussian noise, σ = 0.01) with Hipparchus'
 * Levenberg–Marquardt and the model's exact Jacobian from {@code jacfwd}.
 */
class ExponentialFitTest {
  static final double[] TRUTH = {2.0, -1.3, 0.5};
  static final double SIGMA = 0.01;
  static final int POINTS = 60;

  static final Tensor T = Tensor.linspace(0, 3, POINTS).detach();

  /** The model's predictions at every t for parameters p = (a, b, c). */
  static final Function<Tensor, Tensor> MODEL = p -> p.get(0).mul(T.mul(p.get(1)).exp()).add(p.get(2));

  static double[] noisyObservations() {
    Random noise = new Random(14);
    double[] t = T.toDoubleArray();
    double[] y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      y[i] = TRUTH[0] * Math.exp(TRUTH[1] * t[i]) + TRUTH[2] + SIGMA * noise.nextGaussian();
    }
    return y;
  }

  static LeastSquaresProblem problem(JacobianMode mode) {
    return problem(mode, new double[] {1, -0.5, 0});
  }

  static LeastSquaresProblem problem(JacobianMode mode, double[] start) {
    return new LeastSquaresBuilder()
        .model(HipparchusFunctions.jacobianFunction(MODEL, mode, null))
        .target(noisyObservations())
        .start(start)
        .maxEvaluations(1000)
        .maxIterations(1000)
        .checker(new EvaluationRmsChecker(1e-14))
        .build();
  }

  @Test
  void levenbergMarquardtWithJacfwdRecoversTheParameters() {
    Optimum fit = new LevenbergMarquardtOptimizer().optimize(problem(JacobianMode.FORWARD));
    double[] p = fit.getPoint().toArray();
    double[] standardErrors = fit.getSigma(1e-14).mapMultiply(fit.getRMS()).toArray();
    System.out.printf("a·exp(b·t) + c fit by Levenberg-Marquardt + jacfwd: a = %.5f ± %.5f, b = %.5f ± %.5f, c = %.5f ± %.5f,"
        + " RMS %.5f, %d evaluations, %d iterations%n", p[0], standardErrors[0], p[1], standardErrors[1], p[2],
        standardErrors[2], fit.getRMS(), fit.getEvaluations(), fit.getIterations());
    for (int i = 0; i < 3; i++) {
      assertEquals(TRUTH[i], p[i], 4 * standardErrors[i], "parameter " + i + " within 4 standard errors");
    }
    // the residuals are the noise: their RMS is about σ
    assertEquals(SIGMA, fit.getRMS(), 0.3 * SIGMA);
  }

  @Test
  void gaussNewtonAndJacrevFindTheSameOptimum() {
    double[] lm = new LevenbergMarquardtOptimizer().optimize(problem(JacobianMode.FORWARD)).getPoint().toArray();
    // Gauss-Newton has no step control: it starts nearer (from (1, -0.5, 0) its first step overshoots)
    double[] gnRev = new GaussNewtonOptimizer(new QRDecomposer(1e-11), false)
        .optimize(problem(JacobianMode.REVERSE, new double[] {1.5, -1.0, 0.3})).getPoint().toArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(lm[i], gnRev[i], 1e-7, "parameter " + i + ": Levenberg-Marquardt (jacfwd) vs Gauss-Newton (jacrev)");
    }
  }

  @Test
  void theJacobianIsExact() {
    double[] p = {1.7, -0.9, 0.2};
    var value = problem(JacobianMode.FORWARD).evaluate(new ArrayRealVector(p));
    double[] t = T.toDoubleArray();
    for (int i = 0; i < POINTS; i += 7) {
      double e = Math.exp(p[1] * t[i]);
      // ∂/∂(a, b, c) of a·exp(b·t) + c
      double[] expected = {e, p[0] * t[i] * e, 1};
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[j], value.getJacobian().getEntry(i, j), 1e-14, "J[" + i + "][" + j + "]");
      }
    }
    assertTrue(value.getRMS() > 0);
  }
}
