package dev.fluxion.kernels;

/**
 * What a program's source depends on besides the dialect: the device's features and limits.
 *
 * @param fp64 whether the device computes in double precision (FLOAT64 kernels, double
 *     accumulation of FLOAT32 sums, fill arithmetic in double)
 * @param localMemoryBytes local (shared) memory one work-group may use (sizes the matmul tiles)
 */
public record Target(boolean fp64, long localMemoryBytes) {}
