package dev.fluxion.kernels;

/**
 * The kernel families. Each (family, dtype) is one program: the family's specialisations for
 * every op and variant of that dtype, compiled together (compilation is paid per program, so
 * one first use of a dtype compiles all its ops of the family at once).
 */
public enum Family {
  /** Unary ops; dtype of the operand. */
  UNARY,
  /** Binary ops and comparisons; dtype of the operands. */
  BINARY,
  /** where(cond, a, b); dtype of a and b. */
  WHERE,
  /** Strided copy with conversion; dtype of the source. */
  COPY,
  /** full, iota, linspace, uniform and normal random numbers; dtype of the output. */
  FILL,
  /** sum, max, min, argmax, argmin over axes; dtype of the input. */
  REDUCE,
  /** Batched matrix product; dtype of the operands. */
  MATMUL,
  /** Batched LU, Cholesky and triangular solves (issue 14); float32 and float64 only. */
  LINALG,
  /** Gather along one axis with INT64 indices; dtype of the source. */
  GATHER,
  /** Scatter-add along one axis with INT64 indices; dtype of the values (not BOOL). */
  SCATTER,
  /** The fused-program interpreter (floating dtypes only); dtype of the program. */
  FUSED
}
