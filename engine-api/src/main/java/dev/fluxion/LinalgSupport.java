package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;
import java.util.Arrays;

/** What the linear-algebra primitives share: shape checks, running an op, and the small matrix helpers of their rules. */
final class LinalgSupport {
  private LinalgSupport() {}

  /** The shape without its last two axes. */
  static long[] batchShape(long[] s) {
    return Arrays.copyOf(s, s.length - 2);
  }

  static long[] withMatrix(long[] batch, long rows, long cols) {
    long[] s = Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = rows;
    s[batch.length + 1] = cols;
    return s;
  }

  /** Checks that {@code s} is a stack of square matrices {@code (..., n, n)}; returns n. */
  static long requireSquare(String op, String role, long[] s) {
    if (s.length < 2) {
      throw new IllegalArgumentException(op + ": " + role + " must be a matrix or a stack of matrices (..., n, n), got shape "
          + Shape.str(s));
    }
    if (s[s.length - 1] != s[s.length - 2]) {
      throw new IllegalArgumentException(op + ": " + role + " must be square in its last two axes (..., n, n), got shape "
          + Shape.str(s));
    }
    return s[s.length - 1];
  }

  /**
   * Runs {@code op} into a new output; when a batch matrix fails, frees the output and throws
   * {@link ArithmeticException} naming the op and the batch index (so a failed call leaves nothing behind).
   */
  static View run(DeviceBackend backend, LinalgOp op, String name, View[] in, Prim.Meta m) {
    View out = Prim.allocate(backend, m);
    long failed;
    try {
      failed = backend.linalg(op, in, out);
    } catch (RuntimeException e) {
      backend.release(out.buffer());
      throw e;
    }
    if (failed >= 0) {
      backend.release(out.buffer());
      long[] batch = batchShape(in[0].shape());
      throw new ArithmeticException(name + ": " + where(failed, batch) + " " + (op == LinalgOp.CHOLESKY
          ? "is not positive definite (its Cholesky factorisation meets a pivot <= 0)"
          : op == LinalgOp.SOLVE ? "is singular (its LU factorisation with partial pivoting meets a zero pivot)"
          : "is singular (a zero on its diagonal)"));
    }
    return out;
  }

  private static String where(long flat, long[] batch) {
    if (batch.length == 0) {
      return "the matrix";
    }
    long[] index = new long[batch.length];
    long rest = flat;
    for (int d = batch.length - 1; d >= 0; d--) {
      index[d] = batch[d] == 0 ? 0 : rest % batch[d];
      rest = batch[d] == 0 ? 0 : rest / batch[d];
    }
    return "the matrix at batch index " + flat + " (index " + Arrays.toString(index) + " of batch shape " + Shape.str(batch) + ")";
  }

  // ---- helpers of the derivative rules (Tensor ops only) ----

  /** The matrix transpose of each batch matrix (a view). */
  static Tensor mT(Tensor x) {
    return x.swapAxes(-1, -2);
  }

  /** {@code (x + xᵀ)/2} of each batch matrix. */
  static Tensor sym(Tensor x) {
    return x.add(mT(x)).mul(0.5);
  }

  /** The trace of each batch matrix: the sum of its diagonal. */
  static Tensor trace(Tensor x) {
    long n = x.shapeRef()[x.ndim() - 1];
    return x.mul(identity(n, x)).sum(-2, -1);
  }

  /** The n×n identity of {@code like}'s dtype and device (a constant). */
  static Tensor identity(long n, Tensor like) {
    return Tensor.eye(like.dtype(), like.device(), Math.toIntExact(n)).detach();
  }

  /** The lower (or upper) triangle of each batch matrix, diagonal included; zeros elsewhere. */
  static Tensor triangle(Tensor x, boolean lower) {
    long n = x.shapeRef()[x.ndim() - 1];
    Tensor mask = Autodiff.noGrad(() -> {
      Tensor i = Tensor.arange(DType.INT64, x.device(), 0, n, 1);
      return lower ? i.expandDims(1).ge(i.expandDims(0)) : i.expandDims(1).le(i.expandDims(0));
    });
    return Tensor.where(mask, x, 0.0);
  }

  /** {@code A⁻¹B} (general, or triangular for SOLVE_LOWER / SOLVE_UPPER), broadcasting batch axes. */
  static Tensor solve(String name, LinalgOp op, Tensor a, Tensor b) {
    return Dispatcher.apply(new SolvePrim(name, op), a, b);
  }

  /** {@code A⁻ᵀ} of each batch matrix. */
  static Tensor inverseTransposed(String name, Tensor a) {
    long n = a.shapeRef()[a.ndim() - 1];
    return solve(name, LinalgOp.SOLVE, mT(a), identity(n, a));
  }
}
