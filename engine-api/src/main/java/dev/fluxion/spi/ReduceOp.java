package dev.fluxion.spi;

/**
 * Reductions over a set of axes. SUM of integer or boolean input gives INT64; MAX and MIN
 * keep the dtype; ARGMAX and ARGMIN reduce exactly one axis and give INT64 indices (the
 * first occurrence on ties, NaN counting as the maximum and minimum, as NumPy does).
 */
public enum ReduceOp {
  SUM, MAX, MIN, ARGMAX, ARGMIN
}
