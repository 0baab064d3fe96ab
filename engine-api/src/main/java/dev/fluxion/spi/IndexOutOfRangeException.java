package dev.fluxion.spi;

/**
 * Thrown by {@link DeviceBackend#gather} or {@link DeviceBackend#scatterAdd} of a backend that
 * {@link DeviceBackend#checksIndices checks indices} for an index outside [−size, size); the
 * engine rethrows it naming the op and the axis.
 */
public class IndexOutOfRangeException extends IndexOutOfBoundsException {
  private static final long serialVersionUID = 1L;

  private final long index;
  private final long size;

  public IndexOutOfRangeException(long index, long size) {
    super("index " + index + " is out of bounds for an axis of size " + size);
    this.index = index;
    this.size = size;
  }

  /** The offending index, as given (before negative indices wrap). */
  public long index() {
    return index;
  }

  /** The size of the indexed axis. */
  public long size() {
    return size;
  }
}
