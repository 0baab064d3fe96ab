package dev.fluxion.kernels;

/** A driver's report that an allocation failed for lack of device memory. */
public class DriverOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DriverOutOfMemoryException(String message) {
    super(message);
  }
}
