package dev.fluxion.spi;

/**
 * Batched dense linear algebra on the last two axes, the token of
 * {@link DeviceBackend#linalg}. Every op reads square matrices {@code A (..., n, n)}; the
 * solves also read right-hand sides {@code B (..., n, k)}. A batch matrix on which an op
 * "fails" is reported by its flat batch index (the engine turns it into an
 * {@link ArithmeticException}); the output is then undefined.
 */
public enum LinalgOp {
  /** {@code X = A⁻¹B}, {@code (..., n, k)}, by LU with partial pivoting; fails where U has a zero pivot (as LAPACK's getrf). */
  SOLVE(true),
  /** {@code X = L⁻¹B} with L the lower triangle of A (the part above the diagonal is not read); fails on a zero diagonal element. */
  SOLVE_LOWER(true),
  /** {@code X = U⁻¹B} with U the upper triangle of A (the part below the diagonal is not read); fails on a zero diagonal element. */
  SOLVE_UPPER(true),
  /** {@code det A}, {@code (...)}: the product of U's diagonal with the sign of the row exchanges; 0 for a singular A (never fails). */
  DET(false),
  /** {@code (sign det A, log|det A|)}, {@code (..., 2)}; {@code (0, −∞)} for a singular A (never fails). */
  SLOGDET(false),
  /**
   * The Cholesky factor L of {@code S = (A + Aᵀ)/2}, {@code (..., n, n)}: {@code L·Lᵀ = S}, L lower
   * with a positive diagonal and zeros above it; fails where S is not positive definite (as LAPACK's potrf).
   */
  CHOLESKY(true);

  private final boolean canFail;

  LinalgOp(boolean canFail) {
    this.canFail = canFail;
  }

  /** Whether the op can fail (solves and Cholesky); DET and SLOGDET always succeed. */
  public boolean canFail() {
    return canFail;
  }
}
