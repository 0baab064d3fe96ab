package dev.fluxion.hipparchus;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import org.hipparchus.analysis.MultivariateFunction;
import org.hipparchus.analysis.MultivariateMatrixFunction;
import org.hipparchus.analysis.MultivariateVectorFunction;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Fluxion functions as Hipparchus functions, with exact derivatives from Fluxion's transforms
 * instead of finite differences.
 *
 * <p>A function here is a {@code Function<Tensor, Tensor>} of a 1-d FLOAT64 parameter vector
 * {@code p (n)}: a scalar function returns a 0-d tensor (or one of size 1), a vector function a
 * tensor of any shape, read flattened (row-major) as {@code m} values. Each evaluation runs on
 * the given device (the default device unless one is named) inside its own {@link Scope}, so
 * nothing but the returned Java arrays outlives it.
 *
 * <ul>
 *   <li>{@link #objective} and {@link #gradient}: Hipparchus' {@link ObjectiveFunction} and
 *       {@link ObjectiveFunctionGradient} (∇f by {@link Autodiff#grad}: one reverse pass) for the
 *       gradient optimizers, e.g. {@code NonLinearConjugateGradientOptimizer};</li>
 *   <li>{@link #jacobianFunction}: a {@link MultivariateJacobianFunction} (the value and the
 *       {@code m × n} Jacobian) for the least-squares optimizers (Levenberg–Marquardt,
 *       Gauss–Newton), by {@link Autodiff#jacfwd} (n forward passes, batched: best when
 *       {@code m ≥ n}, as in data fitting) or {@link Autodiff#jacrev} (m reverse passes, batched);</li>
 *   <li>{@link #function}, {@link #gradientFunction}, {@link #jacobian}, {@link #hessian}: the plain
 *       Hipparchus function types.</li>
 * </ul>
 *
 * <pre>{@code
 * Function<Tensor, Tensor> rosenbrock = p -> p.get(0).rsub(1.0).square()
 *     .add(p.get(1).sub(p.get(0).square()).square().mul(100.0));
 * PointValuePair min = new NonLinearConjugateGradientOptimizer(Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-14, 1e-14))
 *     .optimize(new MaxEval(100_000), HipparchusFunctions.objective(rosenbrock), HipparchusFunctions.gradient(rosenbrock),
 *         GoalType.MINIMIZE, new InitialGuess(new double[] {1, 0}));
 * }</pre>
 */
public final class HipparchusFunctions {
  /** How a Jacobian is computed. */
  public enum JacobianMode {
    /** {@link Autodiff#jacfwd}: one batched forward pass over the n basis tangents. */
    FORWARD,
    /** {@link Autodiff#jacrev}: one batched reverse pass over the m basis cotangents. */
    REVERSE
  }

  private HipparchusFunctions() {}

  /** {@code f} as a Hipparchus objective (its value), on the default device. */
  public static ObjectiveFunction objective(Function<Tensor, Tensor> f) {
    return new ObjectiveFunction(function(f));
  }

  /** {@code f} as a Hipparchus objective (its value), evaluated on {@code device}. */
  public static ObjectiveFunction objective(Function<Tensor, Tensor> f, Device device) {
    return new ObjectiveFunction(function(f, device));
  }

  /** The exact gradient ∇f ({@link Autodiff#grad}) as a Hipparchus objective gradient, on the default device. */
  public static ObjectiveFunctionGradient gradient(Function<Tensor, Tensor> f) {
    return new ObjectiveFunctionGradient(gradientFunction(f));
  }

  /** The exact gradient ∇f ({@link Autodiff#grad}), evaluated on {@code device}. */
  public static ObjectiveFunctionGradient gradient(Function<Tensor, Tensor> f, Device device) {
    return new ObjectiveFunctionGradient(gradientFunction(f, device));
  }

  /** {@code p ↦ (f(p), ∂f/∂p)} by {@link Autodiff#jacfwd}, on the default device: the model of a least-squares problem. */
  public static MultivariateJacobianFunction jacobianFunction(Function<Tensor, Tensor> f) {
    return jacobianFunction(f, JacobianMode.FORWARD, null);
  }

  /**
   * {@code p ↦ (f(p), ∂f/∂p)}: the value as an {@code m}-vector and the {@code m × n} Jacobian, by
   * {@code mode}, evaluated on {@code device} (null: the default device at each call).
   */
  public static MultivariateJacobianFunction jacobianFunction(Function<Tensor, Tensor> f, JacobianMode mode, Device device) {
    MultivariateMatrixFunction jacobian = jacobian(f, mode, device);
    return vector -> {
      double[] point = vector.toArray();
      double[] value = values(f, point, device);
      double[][] j = jacobian.value(point);
      return new Pair<RealVector, RealMatrix>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(j, false));
    };
  }

  /** {@code f} as a plain Hipparchus function {@code ℝⁿ → ℝ}, on the default device. */
  public static MultivariateFunction function(Function<Tensor, Tensor> f) {
    return function(f, null);
  }

  /** {@code f} as a plain Hipparchus function {@code ℝⁿ → ℝ}, evaluated on {@code device}. */
  public static MultivariateFunction function(Function<Tensor, Tensor> f, Device device) {
    return point -> scalar("function", values(f, point, device));
  }

  /** ∇f as a Hipparchus vector function, on the default device. */
  public static MultivariateVectorFunction gradientFunction(Function<Tensor, Tensor> f) {
    return gradientFunction(f, null);
  }

  /** ∇f as a Hipparchus vector function, evaluated on {@code device}. */
  public static MultivariateVectorFunction gradientFunction(Function<Tensor, Tensor> f, Device device) {
    Function<Tensor, Tensor> g = Autodiff.grad(f);
    return point -> values(g, point, device);
  }

  /** The {@code m × n} Jacobian of a vector function, by {@code mode}, evaluated on {@code device} (null: the default). */
  public static MultivariateMatrixFunction jacobian(Function<Tensor, Tensor> f, JacobianMode mode, Device device) {
    Function<Tensor, Tensor> j = mode == JacobianMode.FORWARD ? Autodiff.jacfwd(f) : Autodiff.jacrev(f);
    return point -> matrix(j, point, device);
  }

  /** The {@code n × n} Hessian of a scalar function ({@link Autodiff#hessian}), evaluated on {@code device} (null: the default). */
  public static MultivariateMatrixFunction hessian(Function<Tensor, Tensor> f, Device device) {
    Function<Tensor, Tensor> h = Autodiff.hessian(f);
    return point -> matrix(h, point, device);
  }

  /** The parameter vector as a FLOAT64 constant on the device. */
  static Tensor point(double[] p, Device device) {
    return Tensor.from(p.clone(), DType.FLOAT64, device == null ? Device.defaultDevice() : device, true, p.length);
  }

  /** f(p) flattened to doubles; the tensors of the evaluation are freed. */
  private static double[] values(Function<Tensor, Tensor> f, double[] p, Device device) {
    try (Scope scope = Tensor.scope()) {
      return Autodiff.noGrad(() -> f.apply(point(p, device))).toDoubleArray();
    }
  }

  /** f(p) as an m × n matrix (n = p.length), the leading axes of f's result flattened to rows. */
  private static double[][] matrix(Function<Tensor, Tensor> f, double[] p, Device device) {
    double[] flat = values(f, p, device);
    int n = p.length;
    if (n == 0 || flat.length % n != 0) {
      throw new IllegalStateException("expected a Jacobian with " + n + " columns, got " + flat.length + " elements");
    }
    double[][] rows = new double[flat.length / n][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * n, (i + 1) * n);
    }
    return rows;
  }

  private static double scalar(String what, double[] v) {
    if (v.length != 1) {
      throw new IllegalArgumentException(what + ": a scalar function must return one value (a 0-d tensor), got "
          + v.length + " values");
    }
    return v[0];
  }
}
