package dev.fluxion.cuda;

import dev.fluxion.DType;
import dev.fluxion.kernels.GemmOperands;

/**
 * A row-major batched product as one column-major cuBLAS call. cuBLAS computes
 * {@code C' = op(A') · op(B')} on column-major matrices; a row-major {@code C = A · B} is the
 * column-major {@code Cᵀ = Bᵀ · Aᵀ}, so cuBLAS's A is our B and its B is our A. A row-major
 * operand whose columns are contiguous is its own transpose in column-major order
 * ({@code CUBLAS_OP_N}, leading dimension = its row stride); one whose rows are contiguous (a
 * transposed view) is read with {@code CUBLAS_OP_T} (leading dimension = its column stride). Other
 * layouts (broadcast or flipped matrices, gaps cuBLAS cannot express, sizes past 32 bits) are
 * refused, and the tiled kernel runs them.
 *
 * @param transA cuBLAS's op on its A (our B): true for {@code CUBLAS_OP_T}
 * @param transB cuBLAS's op on its B (our A)
 * @param m rows of cuBLAS's C (our m)
 * @param n columns of cuBLAS's C (our n)
 * @param k the inner dimension
 * @param lda leading dimension of cuBLAS's A
 * @param ldb leading dimension of cuBLAS's B
 * @param ldc leading dimension of C
 * @param strideA batch stride of cuBLAS's A, in elements
 * @param strideB batch stride of cuBLAS's B
 * @param strideC batch stride of C
 * @param batches batch count
 */
record CublasCall(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc, long strideA,
    long strideB, long strideC, int batches) {

  /** A matrix in column-major terms: whether cuBLAS transposes it, and its leading dimension. */
  private record Form(boolean transposed, long ld) {}

  /** The call for {@code g}, or null when cuBLAS cannot take it (the tiled kernel then runs it). */
  static CublasCall of(GemmOperands g) {
    if ((g.dtype() != DType.FLOAT32 && g.dtype() != DType.FLOAT64) || g.k() == 0 || !fitsInt(g.n(), g.m(), g.k(), g.batches())) {
      return null;
    }
    Form a = form(g.k(), g.m(), g.b()); // cuBLAS's A: our B (k×m), read as an m×k column-major matrix
    Form b = form(g.n(), g.k(), g.a()); // cuBLAS's B: our A (n×k)
    Form c = form(g.n(), g.m(), g.c());
    if (a == null || b == null || c == null || c.transposed()) {
      return null;
    }
    if (!fitsInt(a.ld(), b.ld(), c.ld())) {
      return null;
    }
    boolean batched = g.batches() > 1;
    long sa = batched ? g.b().batchStride() : 0;
    long sb = batched ? g.a().batchStride() : 0;
    long sc = batched ? g.c().batchStride() : 0;
    if (sa < 0 || sb < 0 || (batched && sc < c.ld() * g.n())) {
      return null; // flipped batches, or outputs of two batches that overlap
    }
    return new CublasCall(a.transposed(), b.transposed(), (int) g.m(), (int) g.n(), (int) g.k(), (int) a.ld(), (int) b.ld(),
        (int) c.ld(), sa, sb, sc, (int) g.batches());
  }

  /**
   * How cuBLAS reads a row-major {@code rows × cols} matrix as the column-major transpose it
   * wants: untransposed when its columns are contiguous (leading dimension = row stride, at least
   * {@code cols}), transposed when its rows are (leading dimension = column stride, at least
   * {@code rows}); a size-1 axis may have any stride.
   */
  private static Form form(long rows, long cols, GemmOperands.Matrix x) {
    if (x.columnStride() == 1 || cols == 1) {
      long ld = rows == 1 ? Math.max(1, cols) : x.rowStride();
      if (ld >= Math.max(1, cols)) {
        return new Form(false, ld);
      }
    }
    if (x.rowStride() == 1 || rows == 1) {
      long ld = cols == 1 ? Math.max(1, rows) : x.columnStride();
      if (ld >= Math.max(1, rows)) {
        return new Form(true, ld);
      }
    }
    return null;
  }

  private static boolean fitsInt(long... values) {
    for (long v : values) {
      if (v > Integer.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }
}
