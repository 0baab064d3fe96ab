package dev.fluxion;

import dev.fluxion.spi.LinalgOp;

/**
 * Dense linear algebra with derivatives (NumPy's {@code numpy.linalg}, JAX's {@code jnp.linalg}).
 * Every function works on the last two axes and is batched over the leading ones ("stacks of
 * matrices", NumPy's broadcasting for the batch axes of two operands); every one is
 * differentiable in both modes and to any order, batchable with {@code vmap}, and runs on the
 * operands' device (CPU: LAPACK when a native one loads, else pure Java; OpenCL and CUDA: the
 * kernels module's batched LU, triangular solves and Cholesky).
 *
 * <p>Integer operands are converted to FLOAT64, and two operands to their common floating dtype.
 * A singular matrix (an exact zero pivot, as LAPACK reports it) or a matrix that is not positive
 * definite makes {@link #solve}, {@link #inv}, {@link #solveTriangular} and {@link #cholesky} throw
 * {@link ArithmeticException} naming the op and the batch index: never silent infinities or NaNs.
 * On a device that check reads 4 bytes back from the device, the one host synchronisation of
 * these ops. {@link #det} and {@link #slogdet} of a singular matrix are exact (0 and (0, −∞)), but
 * their derivatives there throw.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[][] {{3, 1}, {1, 2}});
 * Linalg.solve(a, Tensor.of(9.0, 8.0));   // Tensor([2., 3.])
 * Linalg.det(a);                          // Tensor(5.)
 * }</pre>
 */
public final class Linalg {
  private Linalg() {}

  /**
   * {@code X = A⁻¹B}: the solution of {@code A·X = B} for {@code A (..., n, n)} and
   * {@code B (..., n, k)}, batch axes broadcast; or of {@code A·x = b} for a 1-d {@code b (n)},
   * giving {@code x (..., n)} (NumPy 2's rule: only a 1-d b is a vector). LU with partial pivoting.
   *
   * <p>Derivatives: {@code Ẋ = A⁻¹(Ḃ − Ȧ·X)}; {@code B̄ = A⁻ᵀḠ}, {@code Ā = −B̄·Xᵀ}.
   *
   * @throws ArithmeticException when a matrix of A is singular, naming its batch index
   * @throws IllegalArgumentException when A is not square or B does not fit it
   */
  public static Tensor solve(Tensor a, Tensor b) {
    return solve("solve", LinalgOp.SOLVE, a, b);
  }

  /**
   * {@code A⁻¹} of each matrix of {@code A (..., n, n)} (solved against the identity, as NumPy).
   * Derivative: {@code d(A⁻¹) = −A⁻¹·Ȧ·A⁻¹}.
   *
   * @throws ArithmeticException when a matrix is singular, naming its batch index
   */
  public static Tensor inv(Tensor a) {
    Tensor x = floating(a);
    long n = LinalgSupport.requireSquare("inv", "A", x.shape());
    return LinalgSupport.solve("inv", LinalgOp.SOLVE, x, LinalgSupport.identity(n, x));
  }

  /**
   * {@code det A} of each matrix of {@code A (..., n, n)} → shape {@code (...)}; 0 for a singular
   * matrix. Derivative (Jacobi's formula): {@code ḋ = det A · tr(A⁻¹Ȧ)}, so {@code ∂det/∂A = det A · A⁻ᵀ}.
   */
  public static Tensor det(Tensor a) {
    return Dispatcher.apply(DetPrim.INSTANCE, floating(a));
  }

  /**
   * {@code {sign, log|det A|}} of each matrix of {@code A (..., n, n)}, each of shape {@code (...)}
   * (NumPy's {@code slogdet}): {@code det A = sign · exp(log|det A|)} without overflow; {@code (0, −∞)}
   * for a singular matrix. The sign has derivative 0; {@code d log|det A| = tr(A⁻¹Ȧ)}.
   */
  public static Tensor[] slogdet(Tensor a) {
    Tensor both = Dispatcher.apply(SlogdetPrim.INSTANCE, floating(a));
    return new Tensor[] {both.slice(-1, 0, 1).squeeze(-1), both.slice(-1, 1, 2).squeeze(-1)};
  }

  /**
   * The lower-triangular Cholesky factor L of each matrix of {@code A (..., n, n)}:
   * {@code L·Lᵀ = (A + Aᵀ)/2} (A is taken symmetric, as JAX does: for a symmetric A this is
   * {@code L·Lᵀ = A}), with a positive diagonal and zeros above it.
   * Derivative: {@code L̇ = L·Φ(L⁻¹ Ṡ L⁻ᵀ)}, Φ taking the lower triangle with the diagonal halved.
   *
   * @throws ArithmeticException when a matrix is not positive definite, naming its batch index
   */
  public static Tensor cholesky(Tensor a) {
    return Dispatcher.apply(CholeskyPrim.INSTANCE, floating(a));
  }

  /**
   * {@code X = T⁻¹B} where T is the lower ({@code lower = true}) or upper triangle of
   * {@code A (..., n, n)}, diagonal included; the other triangle is not read (SciPy's
   * {@code solve_triangular}). {@code B} is {@code (..., n, k)}, or 1-d {@code (n)} for a vector
   * result. Derivatives: {@code Ẋ = T⁻¹(Ḃ − Ṫ·X)}; {@code B̄ = T⁻ᵀḠ}, {@code Ā = tri(−B̄·Xᵀ)}.
   *
   * @throws ArithmeticException when a diagonal element is zero, naming the batch index
   */
  public static Tensor solveTriangular(Tensor a, Tensor b, boolean lower) {
    return solve("solveTriangular", lower ? LinalgOp.SOLVE_LOWER : LinalgOp.SOLVE_UPPER, a, b);
  }

  private static Tensor solve(String name, LinalgOp op, Tensor a, Tensor b) {
    DType t = DType.promote(a.dtype(), b.dtype()).toFloating();
    Tensor x = a.to(t);
    long n = LinalgSupport.requireSquare(name, "A", x.shape());
    if (b.ndim() == 1) {
      if (b.shape()[0] != n) {
        throw new IllegalArgumentException(name + ": b of shape " + Shape.str(b.shape()) + " does not fit A of shape "
            + Shape.str(a.shape()) + ": a vector b must have " + n + " elements");
      }
      return LinalgSupport.solve(name, op, x, b.to(t).expandDims(1)).squeeze(-1);
    }
    return LinalgSupport.solve(name, op, x, b.to(t));
  }

  private static Tensor floating(Tensor a) {
    return a.to(a.dtype().toFloating());
  }
}
