import dev.fluxion.Autodiff;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import java.util.Locale;
import java.util.function.Function;

/**
 * Newton's method on the Rosenbrock function f(x, y) = (1 − x)² + 100(y − x²)², with the
 * gradient and the Hessian from Fluxion's function transforms:
 *
 * <pre>
 *   p ← p − H(p)⁻¹ ∇f(p),   ∇f = Autodiff.grad(f),   H = Autodiff.hessian(f)
 * </pre>
 *
 * The Newton step solves {@code H·s = ∇f} with {@code Linalg.solve} (LU with partial pivoting)
 * rather than forming H⁻¹.
 *
 * From the classic start (−1.2, 1) it reaches the minimum (1, 1) in a handful of steps
 * (quadratic convergence near the minimum). Run it with
 *
 * <pre>
 * ./fluxion --version     # builds cli/target/fluxion.jar
 * java -cp cli/target/fluxion.jar examples/NewtonRosenbrock.java
 * </pre>
 */
public class NewtonRosenbrock {
  /** f(p) = (1 − p₀)² + 100(p₁ − p₀²)², a 0-d tensor. */
  static Tensor rosenbrock(Tensor p) {
    Tensor x = p.get(0);
    Tensor y = p.get(1);
    return x.rsub(1.0).square().add(y.sub(x.square()).square().mul(100.0));
  }

  public static void main(String[] args) {
    Function<Tensor, Tensor> f = NewtonRosenbrock::rosenbrock;
    Function<Tensor, Tensor> grad = Autodiff.grad(f);
    Function<Tensor, Tensor> hessian = Autodiff.hessian(f);

    Tensor p = Tensor.constant(-1.2, 1.0);   // a constant: the transforms trace it, nothing is recorded
    System.out.println("step  x                      y                      f(x, y)     |grad|");
    int step = 0;
    while (true) {
      Tensor g = grad.apply(p);
      double[] xy = p.toDoubleArray();
      double norm = Math.sqrt(g.square().sum().item());
      System.out.printf(Locale.ROOT, "%4d  %-21.17g  %-21.17g  %.3e   %.3e%n", step, xy[0], xy[1], f.apply(p).item(), norm);
      if (norm < 1e-12 || step == 50) {
        break;
      }
      p = p.sub(Linalg.solve(hessian.apply(p), g));
      step++;
    }
    double[] xy = p.toDoubleArray();
    boolean converged = Math.abs(xy[0] - 1) < 1e-10 && Math.abs(xy[1] - 1) < 1e-10;
    System.out.println(converged
        ? "converged to (1, 1) within 1e-10 in " + step + " Newton steps"
        : "did not converge: " + p);
    if (!converged) {
      System.exit(1);
    }
  }
}
