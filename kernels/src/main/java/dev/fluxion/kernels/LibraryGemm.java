package dev.fluxion.kernels;

/**
 * A device library's matrix product (cuBLAS) that a {@link Driver} may offer in place of the
 * kernels module's tiled GEMM. {@link DriverBackend} hands it every batched product whose batch
 * axes merge into at most one; the library takes the ones its layouts allow and the tiled kernel
 * runs the rest.
 */
public interface LibraryGemm {
  /** What runs, for users: library, version and file, e.g. {@code cuBLAS 12.2.1 (libcublas.so.12)}. */
  String description();

  /**
   * Queues {@code c = a · b} for every batch matrix on the driver's queue, after everything
   * queued before it; or returns {@code false}, having queued nothing, when this dtype or layout
   * is not one the library takes.
   */
  boolean gemm(GemmOperands operands);
}
