package dev.fluxion.cpu;

/**
 * The four LAPACK routines the CPU backend's linear algebra needs, on column-major
 * {@code double} matrices with leading dimension n, each returning LAPACK's {@code info}
 * (0: success; {@code i > 0}: failure at the i-th pivot or diagonal element).
 */
interface LapackKernels {
  /** {@code dgesv}: solves {@code A·X = B} in place (A becomes its LU factors, B the solution). */
  int gesv(int n, int k, double[] a, int[] ipiv, double[] b);

  /** {@code dgetrf}: LU with partial pivoting in place; {@code ipiv} is 1-based as LAPACK's. */
  int getrf(int n, double[] a, int[] ipiv);

  /** {@code dpotrf('L')}: the lower Cholesky factor in place (the strictly upper part is left as it was). */
  int potrf(int n, double[] a);

  /** {@code dtrtrs(lower ? 'L' : 'U', 'N', 'N')}: solves {@code T·X = B} in place in B. */
  int trtrs(boolean lower, int n, int k, double[] a, double[] b);
}
