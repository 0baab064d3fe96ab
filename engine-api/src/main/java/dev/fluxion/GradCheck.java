package dev.fluxion;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks derivatives against central finite differences in FLOAT64, like PyTorch's
 * {@code gradcheck}. For a function {@code f} of tensors {@code x₀, x₁, ...}, the numerical
 * Jacobian column of each input element is {@code (f(x + ε·e) − f(x − ε·e)) / 2ε}; the analytic
 * one comes from reverse mode (one VJP per output element: the rows of J) or forward mode (one
 * JVP per input element: the columns of J). An element passes when
 * {@code |analytic − numeric| ≤ atol + rtol·|numeric|}; the report names the worst one.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(x -> x.sin().mul(x), Tensor.of(0.3, -1.2));
 * assert r.passed() : r;
 * }</pre>
 */
public final class GradCheck {
  private final double eps;
  private final double atol;
  private final double rtol;

  private GradCheck(double eps, double atol, double rtol) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
  }

  /** The defaults of PyTorch's gradcheck: ε = 1e-6, atol = 1e-5, rtol = 1e-3. */
  public static GradCheck defaults() {
    return new GradCheck(1e-6, 1e-5, 1e-3);
  }

  /** A checker with other step and tolerances. */
  public static GradCheck with(double eps, double atol, double rtol) {
    if (!(eps > 0) || atol < 0 || rtol < 0) {
      throw new IllegalArgumentException("GradCheck: need eps > 0 and non-negative tolerances");
    }
    return new GradCheck(eps, atol, rtol);
  }

  /** Which mode produced the analytic Jacobian. */
  public enum Mode { VJP, JVP }

  /**
   * The outcome: the worst element over all inputs.
   *
   * @param passed whether every element is within tolerance
   * @param mode the differentiation mode checked
   * @param input index of the input of the worst element
   * @param inputIndex flat (row-major) index in that input
   * @param outputIndex flat index in the output
   * @param analytic the derivative the engine computed there
   * @param numeric the finite-difference estimate there
   * @param maxAbsError the largest |analytic − numeric| over all elements
   * @param maxRelError the largest |analytic − numeric| / max(|numeric|, atol) over all elements
   */
  public record Report(boolean passed, Mode mode, int input, long inputIndex, long outputIndex,
      double analytic, double numeric, double maxAbsError, double maxRelError) {
    @Override
    public String toString() {
      return (passed ? "gradients match" : "GRADIENT MISMATCH") + " (" + mode + "): worst at input " + input
          + " element " + inputIndex + ", output element " + outputIndex + ": analytic " + analytic
          + " vs numeric " + numeric + "; max abs error " + maxAbsError + ", max rel error " + maxRelError;
    }
  }

  /** Checks reverse mode of a one-input function with default tolerances. */
  public static Report check(Function<Tensor, Tensor> f, Tensor x) {
    return defaults().vjp(f, x);
  }

  /** Checks reverse mode of a function of several inputs with default tolerances. */
  public static Report checkN(Function<Tensor[], Tensor> f, Tensor... xs) {
    return defaults().vjpN(f, xs);
  }

  /** Checks reverse mode; throws {@link AssertionError} with the report on a mismatch. */
  public static void assertGradients(Function<Tensor, Tensor> f, Tensor x) {
    Report r = check(f, x);
    if (!r.passed()) {
      throw new AssertionError(r.toString());
    }
  }

  /** Reverse mode of a one-input function. */
  public Report vjp(Function<Tensor, Tensor> f, Tensor x) {
    return vjpN(a -> f.apply(a[0]), x);
  }

  /** Forward mode of a one-input function. */
  public Report jvp(Function<Tensor, Tensor> f, Tensor x) {
    return jvpN(a -> f.apply(a[0]), x);
  }

  /** Reverse mode: row j of the Jacobian is the VJP of the j-th basis cotangent. */
  public Report vjpN(Function<Tensor[], Tensor> f, Tensor... xs) {
    double[][] numeric = numericJacobians(f, xs);
    Tensor[] points = points(xs);
    Autodiff.VjpN r = Autodiff.vjpN(f, points);
    long m = r.value().size();
    double[][] analytic = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      analytic[i] = new double[(int) (m * xs[i].size())];
    }
    for (int j = 0; j < m; j++) {
      double[] e = new double[(int) m];
      e[j] = 1;
      Tensor ct = Tensor.from(e, DType.FLOAT64, r.value().device(), true, r.value().shapeRef());
      Tensor[] grads = r.pullback().apply(ct);
      for (int i = 0; i < xs.length; i++) {
        double[] row = grads[i].toDoubleArray();
        System.arraycopy(row, 0, analytic[i], (int) (j * xs[i].size()), row.length);
      }
    }
    return compare(Mode.VJP, analytic, numeric, m, xs);
  }

  /** Forward mode: column k of the Jacobian is the JVP of the k-th basis tangent. */
  public Report jvpN(Function<Tensor[], Tensor> f, Tensor... xs) {
    double[][] numeric = numericJacobians(f, xs);
    Tensor[] points = points(xs);
    long m = -1;
    double[][] analytic = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      int n = (int) xs[i].size();
      for (int k = 0; k < n; k++) {
        Tensor[] tangents = new Tensor[xs.length];
        for (int q = 0; q < xs.length; q++) {
          double[] e = new double[(int) xs[q].size()];
          if (q == i) {
            e[k] = 1;
          }
          tangents[q] = Tensor.from(e, DType.FLOAT64, xs[q].device(), true, xs[q].shapeRef());
        }
        double[] column = Autodiff.jvpN(f, points, tangents)[1].toDoubleArray();
        if (m < 0) {
          m = column.length;
          for (int q = 0; q < xs.length; q++) {
            analytic[q] = new double[(int) (m * xs[q].size())];
          }
        }
        for (int j = 0; j < m; j++) {
          analytic[i][(int) (j * n + k)] = column[j];
        }
      }
    }
    if (m < 0) {
      m = Autodiff.noGrad(() -> f.apply(points)).size();
      for (int q = 0; q < xs.length; q++) {
        analytic[q] = new double[0];
      }
    }
    return compare(Mode.JVP, analytic, numeric, m, xs);
  }

  /** FLOAT64 copies of the inputs, as constants (the transforms trace them). */
  private static Tensor[] points(Tensor[] xs) {
    Tensor[] out = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      if (!xs[i].dtype().isFloating()) {
        throw new IllegalArgumentException("GradCheck: input " + i + " is " + xs[i].dtype().numpyName()
            + "; only floating inputs can be checked");
      }
      out[i] = Tensor.from(xs[i].toDoubleArray(), DType.FLOAT64, xs[i].device(), true, xs[i].shapeRef());
    }
    return out;
  }

  /** For each input, the m×n numeric Jacobian, row-major (output index major). */
  private double[][] numericJacobians(Function<Tensor[], Tensor> f, Tensor[] xs) {
    Tensor[] base = points(xs);
    double[][] jac = new double[xs.length][];
    long m = evaluate(f, base).length;
    for (int i = 0; i < xs.length; i++) {
      double[] data = xs[i].toDoubleArray();
      int n = data.length;
      jac[i] = new double[(int) (m * n)];
      for (int k = 0; k < n; k++) {
        double[] plus = shifted(f, base, i, data, k, eps);
        double[] minus = shifted(f, base, i, data, k, -eps);
        for (int j = 0; j < m; j++) {
          jac[i][(int) (j * n + k)] = (plus[j] - minus[j]) / (2 * eps);
        }
      }
    }
    return jac;
  }

  private static double[] shifted(Function<Tensor[], Tensor> f, Tensor[] base, int i, double[] data, int k, double h) {
    double[] moved = data.clone();
    moved[k] += h;
    Tensor[] args = base.clone();
    args[i] = Tensor.from(moved, DType.FLOAT64, base[i].device(), true, base[i].shapeRef());
    return evaluate(f, args);
  }

  private static double[] evaluate(Function<Tensor[], Tensor> f, Tensor[] args) {
    return Autodiff.noGrad(() -> {
      Tensor y = f.apply(args);
      if (!y.dtype().isFloating()) {
        throw new IllegalArgumentException("GradCheck: the function returned " + y.dtype().numpyName()
            + "; only floating outputs can be checked");
      }
      return y.toDoubleArray();
    });
  }

  private Report compare(Mode mode, double[][] analytic, double[][] numeric, long m, Tensor[] xs) {
    boolean passed = true;
    double worstExcess = Double.NEGATIVE_INFINITY;
    double maxAbs = 0;
    double maxRel = 0;
    int wi = 0;
    long wk = 0;
    long wj = 0;
    double wa = 0;
    double wn = 0;
    for (int i = 0; i < xs.length; i++) {
      long n = xs[i].size();
      for (int idx = 0; idx < analytic[i].length; idx++) {
        double a = analytic[i][idx];
        double num = numeric[i][idx];
        double err = Math.abs(a - num);
        boolean same = a == num || (Double.isNaN(a) && Double.isNaN(num));
        double excess = same ? Double.NEGATIVE_INFINITY : Double.isNaN(err) ? Double.POSITIVE_INFINITY
            : err - (atol + rtol * Math.abs(num));
        if (!same) {
          maxAbs = Math.max(maxAbs, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
          maxRel = Math.max(maxRel, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / Math.max(Math.abs(num), atol));
        }
        if (excess > 0) {
          passed = false;
        }
        if (excess > worstExcess) {
          worstExcess = excess;
          wi = i;
          wk = idx % n;
          wj = idx / n;
          wa = a;
          wn = num;
        }
      }
    }
    return new Report(passed, mode, wi, wk, wj, wa, wn, maxAbs, maxRel);
  }

  @Override
  public String toString() {
    return "GradCheck(eps=" + eps + ", atol=" + atol + ", rtol=" + rtol + ")";
  }
}
