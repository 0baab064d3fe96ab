package dev.fluxion.cpu;

/**
 * Pure-Java versions of the LAPACK routines of {@link LapackKernels}, for when no native LAPACK
 * loads: unblocked, column-oriented (the inner loops run down columns, contiguous in
 * column-major order), with LAPACK's pivoting and failure rules, so that both paths agree on
 * which matrices fail.
 */
final class JavaLapack implements LapackKernels {
  static final JavaLapack INSTANCE = new JavaLapack();

  private JavaLapack() {}

  @Override
  public int gesv(int n, int k, double[] a, int[] ipiv, double[] b) {
    int info = getrf(n, a, ipiv);
    if (info != 0) {
      return info;
    }
    for (int i = 0; i < n; i++) {
      int p = ipiv[i] - 1;
      if (p != i) {
        for (int c = 0; c < k; c++) {
          double t = b[i + c * n];
          b[i + c * n] = b[p + c * n];
          b[p + c * n] = t;
        }
      }
    }
    forward(n, k, a, b, true);
    backward(n, k, a, b);
    return 0;
  }

  @Override
  public int getrf(int n, double[] a, int[] ipiv) {
    int info = 0;
    for (int j = 0; j < n; j++) {
      int col = j * n;
      int p = j;
      double best = Math.abs(a[j + col]);
      for (int i = j + 1; i < n; i++) {
        double v = Math.abs(a[i + col]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      ipiv[j] = p + 1;
      if (a[p + col] == 0) {
        if (info == 0) {
          info = j + 1;
        }
        continue;
      }
      if (p != j) {
        for (int c = 0; c < n; c++) {
          double t = a[j + c * n];
          a[j + c * n] = a[p + c * n];
          a[p + c * n] = t;
        }
      }
      double inv = 1 / a[j + col];
      for (int i = j + 1; i < n; i++) {
        a[i + col] *= inv;
      }
      for (int c = j + 1; c < n; c++) {
        int cc = c * n;
        double u = a[j + cc];
        if (u != 0) {
          for (int i = j + 1; i < n; i++) {
            a[i + cc] -= a[i + col] * u;
          }
        }
      }
    }
    return info;
  }

  @Override
  public int potrf(int n, double[] a) {
    for (int j = 0; j < n; j++) {
      int col = j * n;
      double d = a[j + col];
      for (int q = 0; q < j; q++) {
        double l = a[j + q * n];
        d -= l * l;
      }
      if (!(d > 0)) {
        return j + 1;
      }
      d = Math.sqrt(d);
      a[j + col] = d;
      for (int q = 0; q < j; q++) {
        double l = a[j + q * n];
        if (l != 0) {
          int qc = q * n;
          for (int i = j + 1; i < n; i++) {
            a[i + col] -= a[i + qc] * l;
          }
        }
      }
      double inv = 1 / d;
      for (int i = j + 1; i < n; i++) {
        a[i + col] *= inv;
      }
    }
    return 0;
  }

  @Override
  public int trtrs(boolean lower, int n, int k, double[] a, double[] b) {
    for (int i = 0; i < n; i++) {
      if (a[i + i * n] == 0) {
        return i + 1;
      }
    }
    if (lower) {
      forward(n, k, a, b, false);
    } else {
      backward(n, k, a, b);
    }
    return 0;
  }

  /** {@code B := L⁻¹B} for the lower triangle of a (unit diagonal when {@code unit}). */
  private static void forward(int n, int k, double[] a, double[] b, boolean unit) {
    for (int c = 0; c < k; c++) {
      int bc = c * n;
      for (int j = 0; j < n; j++) {
        double x = b[j + bc];
        if (!unit) {
          x /= a[j + j * n];
          b[j + bc] = x;
        }
        if (x != 0) {
          int col = j * n;
          for (int i = j + 1; i < n; i++) {
            b[i + bc] -= x * a[i + col];
          }
        }
      }
    }
  }

  /** {@code B := U⁻¹B} for the upper triangle of a. */
  private static void backward(int n, int k, double[] a, double[] b) {
    for (int c = 0; c < k; c++) {
      int bc = c * n;
      for (int j = n - 1; j >= 0; j--) {
        int col = j * n;
        double x = b[j + bc] / a[j + col];
        b[j + bc] = x;
        if (x != 0) {
          for (int i = 0; i < j; i++) {
            b[i + bc] -= x * a[i + col];
          }
        }
      }
    }
  }
}
