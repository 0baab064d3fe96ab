package dev.fluxion.kernels;

import dev.fluxion.DType;

/**
 * A strided batched matrix product in row-major terms, for a {@link LibraryGemm}: for each
 * batch {@code i < batches}, {@code C_i (n×m) = A_i (n×k) · B_i (k×m)}. Strides and offsets count
 * elements and may be zero (a broadcast) or negative (a flip); a library refuses what it cannot
 * take.
 *
 * @param dtype element type of all three matrices
 * @param batches number of matrix products (≥ 1)
 * @param n rows of A and C
 * @param m columns of B and C
 * @param k columns of A, rows of B
 * @param a the left operand
 * @param b the right operand
 * @param c the output
 */
public record GemmOperands(DType dtype, long batches, long n, long m, long k, Matrix a, Matrix b, Matrix c) {
  /**
   * One operand: element {@code (i, j)} of batch {@code p} is at element
   * {@code offset + p·batchStride + i·rowStride + j·columnStride} of {@code memory}.
   */
  public record Matrix(DeviceMemory memory, long offset, long rowStride, long columnStride, long batchStride) {}
}
