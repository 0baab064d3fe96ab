package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fluxion.DType;
import dev.fluxion.kernels.GemmOperands;
import dev.fluxion.kernels.GemmOperands.Matrix;
import org.junit.jupiter.api.Test;

/**
 * Row-major products as column-major cuBLAS calls. Each expected call is checked by hand against
 * cuBLAS's definition: {@code C'(i, j) = Σ op(A')(i, l) · op(B')(l, j)} with {@code X'(i, j)} at
 * {@code i + j·ld}, where C' is our C transposed, A' our B and B' our A.
 */
class CublasCallTest {
  private static Matrix rowMajor(long cols) {
    return new Matrix(null, 0, cols, 1, 0);
  }

  @Test
  void contiguousOperandsNeedNoTransposeAndTheirRowLengthIsTheLeadingDimension() {
    GemmOperands g = new GemmOperands(DType.FLOAT32, 1, 2, 4, 3, rowMajor(3), rowMajor(4), rowMajor(4));
    assertEquals(new CublasCall(false, false, 4, 2, 3, 4, 3, 4, 0, 0, 0, 1), CublasCall.of(g));
  }

  @Test
  void transposedViewsAreReadTransposedWithTheirColumnStride() {
    Matrix at = new Matrix(null, 0, 1, 2, 0); // A (2×3) = the transpose of a contiguous 3×2
    Matrix bt = new Matrix(null, 0, 1, 3, 0); // B (3×4) = the transpose of a contiguous 4×3
    GemmOperands g = new GemmOperands(DType.FLOAT64, 1, 2, 4, 3, at, bt, rowMajor(4));
    assertEquals(new CublasCall(true, true, 4, 2, 3, 3, 2, 4, 0, 0, 0, 1), CublasCall.of(g));
  }

  @Test
  void batchesKeepTheirStridesAndABroadcastOperandHasStrideZero() {
    GemmOperands g = new GemmOperands(DType.FLOAT32, 6, 5, 7, 6, new Matrix(null, 0, 6, 1, 30), new Matrix(null, 0, 1, 6, 0),
        new Matrix(null, 0, 7, 1, 35));
    assertEquals(new CublasCall(true, false, 7, 5, 6, 6, 6, 7, 0, 30, 35, 6), CublasCall.of(g));
  }

  @Test
  void sizeOneAxesTakeAnyStride() {
    // a row vector times a matrix: A is 1×3 with a meaningless row stride, C is 1×4 likewise
    GemmOperands g = new GemmOperands(DType.FLOAT32, 1, 1, 4, 3, new Matrix(null, 5, 0, 1, 0), rowMajor(4),
        new Matrix(null, 0, 99, 1, 0));
    assertEquals(new CublasCall(false, false, 4, 1, 3, 4, 3, 4, 0, 0, 0, 1), CublasCall.of(g));
  }

  @Test
  void whatCublasCannotExpressIsRefused() {
    Matrix broadcastRows = new Matrix(null, 0, 0, 1, 0); // every row the same memory
    Matrix flipped = new Matrix(null, 20, -4, 1, 0);
    Matrix strided = new Matrix(null, 0, 8, 2, 0); // neither axis contiguous
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 2, 4, 3, broadcastRows, rowMajor(4), rowMajor(4))));
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 6, 4, 4, flipped, rowMajor(4), rowMajor(4))));
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 2, 4, 3, strided, rowMajor(4), rowMajor(4))));
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 2, 4, 3, rowMajor(3), rowMajor(4), new Matrix(null, 0, 1, 2, 0))),
        "a transposed output");
    assertNull(CublasCall.of(new GemmOperands(DType.INT32, 1, 2, 4, 3, rowMajor(3), rowMajor(4), rowMajor(4))), "integers");
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 2, 4, 0, rowMajor(0), rowMajor(4), rowMajor(4))), "k = 0");
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 2, 2, 4, 3, new Matrix(null, 0, 3, 1, 6), rowMajor(4),
        new Matrix(null, 0, 4, 1, 4))), "two batches' outputs overlap");
    assertNull(CublasCall.of(new GemmOperands(DType.FLOAT32, 1, 1L << 31, 4, 3, rowMajor(3), rowMajor(4), rowMajor(4))),
        "more rows than a 32-bit int");
  }
}
