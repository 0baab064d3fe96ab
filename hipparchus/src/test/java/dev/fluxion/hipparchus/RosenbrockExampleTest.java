package dev.fluxion.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hipparchus.analysis.MultivariateFunction;
import org.hipparchus.analysis.MultivariateVectorFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer.Formula;
import org.junit.jupiter.api.Test;

/**
 * Example (a) of issue 14, the JAX lecture's Rosenbrock in Java: Hipparchus' non-linear conjugate
 * gradient from (1, 0) with Fluxion's exact gradient, against the same optimizer with central
 * finite differences (2n = 4 evaluations of f per gradient); then Newton's method with
 * {@code Autodiff.hessian} and {@code Linalg.solve}.
 */
class RosenbrockExampleTest {
  static final Function<Tensor, Tensor> ROSENBROCK =
      p -> p.get(0).rsub(1.0).square().add(p.get(1).sub(p.get(0).square()).square().mul(100.0));

  /** One optimizer run: where it ended and what it cost. */
  record Run(String gradient, double[] point, int iterations, int objectiveEvaluations, long gradientEvaluations,
      long evaluationsOfF) {
    double error() {
      return Math.hypot(point[0] - 1, point[1] - 1);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-30s  %10d  %10d  %10d  %12d  %.3e", gradient, iterations, objectiveEvaluations,
          gradientEvaluations, evaluationsOfF, error());
    }
  }

  private static Run minimise(String name, MultivariateFunction f, MultivariateVectorFunction gradient, AtomicLong calls,
      AtomicLong gradients) {
    NonLinearConjugateGradientOptimizer optimizer =
        new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15));
    PointValuePair min = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(f), new ObjectiveFunctionGradient(gradient),
        GoalType.MINIMIZE, new InitialGuess(new double[] {1, 0}));
    return new Run(name, min.getPoint(), optimizer.getIterations(), optimizer.getEvaluations(), gradients.get(), calls.get());
  }

  /** The exact gradient: one reverse pass through f per gradient. */
  static Run exact() {
    AtomicLong calls = new AtomicLong();
    AtomicLong gradients = new AtomicLong();
    Function<Tensor, Tensor> counted = p -> {
      calls.incrementAndGet();
      return ROSENBROCK.apply(p);
    };
    MultivariateVectorFunction grad = HipparchusFunctions.gradientFunction(counted);
    return minimise("exact (Autodiff.grad)", HipparchusFunctions.function(counted), x -> {
      gradients.incrementAndGet();
      return grad.value(x);
    }, calls, gradients);
  }

  /** Central differences with step h = 1e-6·max(1, |x_i|): 4 evaluations of f per gradient. */
  static Run finiteDifferences() {
    AtomicLong calls = new AtomicLong();
    AtomicLong gradients = new AtomicLong();
    MultivariateFunction f = HipparchusFunctions.function(ROSENBROCK);
    MultivariateFunction counted = x -> {
      calls.incrementAndGet();
      return f.value(x);
    };
    MultivariateVectorFunction fd = x -> {
      gradients.incrementAndGet();
      double[] g = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double h = 1e-6 * Math.max(1, Math.abs(x[i]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[i] += h;
        minus[i] -= h;
        g[i] = (counted.value(plus) - counted.value(minus)) / (2 * h);
      }
      return g;
    };
    return minimise("central finite differences", counted, fd, calls, gradients);
  }

  @Test
  void conjugateGradientWithTheExactGradientReachesTheMinimum() {
    Run exact = exact();
    Run fd = finiteDifferences();
    System.out.println("Rosenbrock from (1, 0), Hipparchus NonLinearConjugateGradientOptimizer (Polak-Ribière):");
    System.out.println(String.format(Locale.ROOT, "%-30s  %10s  %10s  %10s  %12s  %s", "gradient", "iterations", "f evals",
        "grad evals", "calls of f", "|p - (1,1)|"));
    System.out.println(exact);
    System.out.println(fd);
    assertTrue(exact.error() < 1e-6, "exact gradient: " + exact);
    // every exact gradient is one call of f (traced once, differentiated by one reverse pass)
    assertEquals(exact.objectiveEvaluations() + exact.gradientEvaluations(), exact.evaluationsOfF(), exact.toString());
    // every finite-difference gradient costs 2n = 4 calls of f
    assertEquals(fd.objectiveEvaluations() + 4 * fd.gradientEvaluations(), fd.evaluationsOfF(), fd.toString());
  }

  /** Newton's method p ← p − H⁻¹∇f with H from Autodiff.hessian and the step from Linalg.solve. */
  static int newtonSteps(double x0, double y0) {
    Function<Tensor, Tensor> grad = Autodiff.grad(ROSENBROCK);
    Function<Tensor, Tensor> hessian = Autodiff.hessian(ROSENBROCK);
    Tensor p = Tensor.constant(x0, y0);
    int steps = 0;
    while (grad.apply(p).abs().max().item() > 1e-12 && steps < 50) {
      p = p.sub(Linalg.solve(hessian.apply(p), grad.apply(p)));
      steps++;
    }
    assertEquals(1.0, p.get(0).item(), 1e-10, "x after " + steps + " Newton steps");
    assertEquals(1.0, p.get(1).item(), 1e-10, "y after " + steps + " Newton steps");
    return steps;
  }

  @Test
  void newtonWithHessianAndSolveReachesTheMinimumInAtMostSevenSteps() {
    int fromOneZero = newtonSteps(1, 0);
    int fromClassic = newtonSteps(-1.2, 1);
    System.out.println("Newton (hessian + Linalg.solve): " + fromOneZero + " step(s) from (1, 0), " + fromClassic
        + " from (-1.2, 1)");
    assertTrue(fromOneZero <= 7, fromOneZero + " steps from (1, 0)");
    assertTrue(fromClassic <= 7, fromClassic + " steps from (-1.2, 1)");
  }
}
