package dev.fluxion.hipparchus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.Autodiff;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

/**
 * Example (b) of issue 14, the JAX lecture's change of variables: with
 * {@code f(ρ, θ) = (ρ cos θ, ρ sin θ)}, {@code det J_f(ρ, θ) = ρ}, and
 * {@code ∫₀¹∫₀^{2π} det J dθ dρ} is the area of the unit disc, π. The integrand is
 * {@code Linalg.det(Autodiff.jacfwd(f))}, integrated by Hipparchus' iterated Gauss–Legendre rule
 * (one integrator inside the other).
 */
class PolarChangeOfVariablesTest {
  static final Function<Tensor, Tensor> POLAR = q -> Tensor.stack(0, q.get(0).mul(q.get(1).cos()), q.get(0).mul(q.get(1).sin()));

  /** {@code ∫_{ρ0}^{ρ1} ∫_{θ0}^{θ1} g(ρ, θ) |det J_f(ρ, θ)| dθ dρ}, g a function of the image point (x, y). */
  static double integrate(Function<Tensor, Tensor> g, double rho0, double rho1, double theta0, double theta1) {
    Function<Tensor, Tensor> jacobian = Autodiff.jacfwd(POLAR);
    IterativeLegendreGaussIntegrator outer = new IterativeLegendreGaussIntegrator(5, 1e-13, 1e-14);
    IterativeLegendreGaussIntegrator inner = new IterativeLegendreGaussIntegrator(5, 1e-13, 1e-14);
    UnivariateFunction overRho = rho -> inner.integrate(10_000, theta -> {
      Tensor q = Tensor.constant(rho, theta);
      return g.apply(POLAR.apply(q)).mul(Linalg.det(jacobian.apply(q)).abs()).item();
    }, theta0, theta1);
    return outer.integrate(10_000, overRho, rho0, rho1);
  }

  @Test
  void theJacobianDeterminantOfPolarCoordinatesIsRho() {
    Function<Tensor, Tensor> det = q -> Linalg.det(Autodiff.jacfwd(POLAR).apply(q));
    for (double[] q : new double[][] {{0.5, 0.3}, {2.0, 4.0}, {0.1, -1.0}}) {
      assertEquals(q[0], det.apply(Tensor.constant(q)).item(), 1e-15, "det J at ρ = " + q[0] + ", θ = " + q[1]);
    }
  }

  @Test
  void theAreaOfTheUnitDiscIsPi() {
    double area = integrate(xy -> Tensor.constant(1.0), 0, 1, 0, 2 * Math.PI);
    System.out.println("∫∫ det J(ρ, θ) dρ dθ over [0,1]×[0,2π] = " + area + " (π = " + Math.PI + ", error "
        + Math.abs(area - Math.PI) + ")");
    assertEquals(Math.PI, area, 1e-9);
  }

  @Test
  void theSecondMomentOfTheDiscIsHalfPi() {
    // ∫∫_disc (x² + y²) dA = ∫₀¹∫₀^{2π} ρ²·ρ dθ dρ = π/2: the weight det J is what makes it right
    double moment = integrate(xy -> xy.square().sum(), 0, 1, 0, 2 * Math.PI);
    assertEquals(Math.PI / 2, moment, 1e-9);
  }
}
