package dev.fluxion.io;

import java.io.IOException;

/** A {@code .npy} or {@code .npz} file that is not what it should be: corrupt, truncated, or of another dtype or shape. */
public final class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NpyFormatException(String message) {
    super(message);
  }

  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
