package dev.fluxion.kernels;

/** A kernel program that the device's compiler rejected; the message holds its log. */
public class KernelCompileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KernelCompileException(String message) {
    super(message);
  }
}
