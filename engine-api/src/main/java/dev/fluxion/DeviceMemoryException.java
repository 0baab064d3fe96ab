package dev.fluxion;

/**
 * Thrown when a device is out of memory even after its caching allocator released every
 * cached buffer and retried; the message says what was asked for and what is in use.
 */
public class DeviceMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeviceMemoryException(String message) {
    super(message);
  }

  public DeviceMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
