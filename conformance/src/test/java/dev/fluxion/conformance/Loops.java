package dev.fluxion.conformance;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import java.util.function.Function;

/**
 * The reference results of the transforms, computed the slow way with Java loops: a mapped
 * function applied to one slice at a time and stacked, Jacobians column by column from single
 * {@code jvp}s and row by row from single {@code vjp}s, and central finite differences.
 */
final class Loops {
  private Loops() {}

  /** {@code stack(outAxis, f(x[i] along inAxis) for each i)}: what {@code vmap(f, inAxis, outAxis)} must give. */
  static Tensor map(Function<Tensor, Tensor> f, Tensor x, int inAxis, int outAxis) {
    int in = inAxis < 0 ? inAxis + x.ndim() : inAxis;
    Tensor front = x.moveAxis(in, 0);
    long n = front.shape()[0];
    Tensor[] outs = new Tensor[(int) n];
    for (int i = 0; i < n; i++) {
      outs[i] = f.apply(front.get(i));
    }
    int out = outAxis < 0 ? outAxis + outs[0].ndim() + 1 : outAxis;
    return Tensor.stack(out, outs);
  }

  /** The m×n Jacobian (shape out ++ in) assembled from one {@code jvp} per basis tangent. */
  static Tensor jacobianByColumns(Function<Tensor, Tensor> f, Tensor x) {
    int n = (int) x.size();
    double[][] columns = new double[n][];
    long[] outShape = null;
    for (int k = 0; k < n; k++) {
      Tensor t = basisVector(n, k, x);
      Tensor[] r = Autodiff.jvp(f, x, t);
      outShape = r[1].shape();
      columns[k] = r[1].toDoubleArray();
    }
    if (outShape == null) {
      outShape = Autodiff.noGrad(() -> f.apply(x)).shape();
    }
    int m = (int) size(outShape);
    double[] jac = new double[m * n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < m; j++) {
        jac[j * n + k] = columns[k][j];
      }
    }
    return Tensor.from(jac, DType.FLOAT64, x.device(), true, concat(outShape, x.shape()));
  }

  /** The m×n Jacobian (shape out ++ in) assembled from one pullback per basis cotangent. */
  static Tensor jacobianByRows(Function<Tensor, Tensor> f, Tensor x) {
    Autodiff.Vjp vjp = Autodiff.vjp(f, x);
    Tensor y = vjp.value();
    int m = (int) y.size();
    int n = (int) x.size();
    double[] jac = new double[m * n];
    for (int j = 0; j < m; j++) {
      double[] row = vjp.pullback().apply(basisVector(m, j, y)).toDoubleArray();
      System.arraycopy(row, 0, jac, j * n, n);
    }
    return Tensor.from(jac, DType.FLOAT64, x.device(), true, concat(y.shape(), x.shape()));
  }

  /** The Jacobian (shape out ++ in) by central differences with step {@code h}, in FLOAT64. */
  static Tensor jacobianByDifferences(Function<Tensor, Tensor> f, Tensor x, double h) {
    double[] base = x.toDoubleArray();
    int n = base.length;
    long[] outShape = Autodiff.noGrad(() -> f.apply(x)).shape();
    int m = (int) size(outShape);
    double[] jac = new double[m * n];
    for (int k = 0; k < n; k++) {
      double[] plus = base.clone();
      double[] minus = base.clone();
      plus[k] += h;
      minus[k] -= h;
      double[] fp = evaluate(f, plus, x);
      double[] fm = evaluate(f, minus, x);
      for (int j = 0; j < m; j++) {
        jac[j * n + k] = (fp[j] - fm[j]) / (2 * h);
      }
    }
    return Tensor.from(jac, DType.FLOAT64, x.device(), true, concat(outShape, x.shape()));
  }

  private static double[] evaluate(Function<Tensor, Tensor> f, double[] at, Tensor like) {
    Tensor p = Tensor.from(at, like.dtype(), like.device(), true, like.shape());
    return Autodiff.noGrad(() -> f.apply(p)).toDoubleArray();
  }

  /** The k-th basis vector of R^n in the shape, dtype and device of {@code like} (a constant). */
  static Tensor basisVector(int n, int k, Tensor like) {
    double[] e = new double[n];
    e[k] = 1;
    return Tensor.from(e, like.dtype(), like.device(), true, like.shape());
  }

  static long size(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Kernel launches of the default device while {@code body} runs. */
  static long launches(Runnable body) {
    Device d = Device.defaultDevice();
    d.synchronize();
    d.resetStats();
    body.run();
    d.synchronize();
    return d.stats().kernelLaunches();
  }
}
