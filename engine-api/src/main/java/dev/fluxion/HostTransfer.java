package dev.fluxion;

import dev.fluxion.spi.View;

/**
 * Copies between Java arrays and existing tensors without allocating either side: the loop of a
 * streaming computation (a sweep in blocks) reuses the same device buffers and the same host
 * arrays for every block, so that its memory stays constant however many blocks it runs.
 *
 * <p>The array's element type must be the tensor's dtype exactly ({@code double[]} for FLOAT64,
 * {@code float[]} for FLOAT32, {@code int[]}, {@code long[]}, {@code boolean[]}), and the
 * tensor must be contiguous (any tensor made by a creation function, {@code detach()} of one, or
 * the target of a {@link Fused#assign}).
 */
public final class HostTransfer {
  private HostTransfer() {}

  /**
   * Writes {@code count} elements of {@code array}, from {@code offset}, into the first
   * {@code count} elements of {@code target} (row-major). {@code target} is modified;
   * {@code array} is not. {@code target} must be a constant ({@link Tensor#detach()} it), so
   * that no recorded computation can depend on the values overwritten.
   */
  public static void write(Object array, int offset, int count, Tensor target) {
    View dst = checked("HostTransfer.write", target, array, offset, count);
    if (!target.isConstant()) {
      throw new IllegalArgumentException("HostTransfer.write: the target must be a constant (detach() it), got a "
          + "variable of shape " + Shape.str(target.shapeRef()));
    }
    target.device().backend().write(dst.buffer(), dst.offset(), array, offset, count);
    target.storage().bumpVersion();
  }

  /**
   * Reads the first {@code count} elements of {@code source} (row-major) into {@code array} from
   * {@code offset}; waits for the device. {@code array} is modified; {@code source} is not.
   */
  public static void read(Tensor source, Object array, int offset, int count) {
    View src = checked("HostTransfer.read", source, array, offset, count);
    source.device().backend().read(src.buffer(), src.offset(), array, offset, count);
  }

  /**
   * Starts reading the first {@code count} elements of {@code source} into {@code array} from
   * {@code offset} and returns without waiting: the elements are in the array once the result's
   * {@link Pending#await} returns, and the array must not be used before. On a device the copy
   * travels while the work queued after it runs (CUDA: pinned memory on a copy stream; OpenCL: a
   * non-blocking read), so that a loop can queue the next block before the results of this one
   * arrive. Work queued later that overwrites or frees {@code source} runs after the copy. On the
   * CPU the elements are read at once. Await every read: until then the device keeps the host
   * memory it copies into.
   *
   * <pre>{@code
   * HostTransfer.Pending p = HostTransfer.readLater(y, out, 0, n);
   * ... queue the next block's work ...
   * p.await();   // out holds y's elements
   * }</pre>
   */
  public static Pending readLater(Tensor source, Object array, int offset, int count) {
    View src = checked("HostTransfer.readLater", source, array, offset, count);
    return source.device().backend().readLater(src.buffer(), src.offset(), array, offset, count)::await;
  }

  /** A read started by {@link #readLater}. */
  @FunctionalInterface
  public interface Pending {
    /**
     * Waits until the elements are in the array; calling it again does nothing.
     *
     * @throws RuntimeException what the device reported for the copy or for work queued before it
     */
    void await();
  }

  private static View checked(String op, Tensor t, Object array, int offset, int count) {
    View v = t.liveView(op);
    if (!v.isContiguous()) {
      throw new IllegalArgumentException(op + ": the tensor must be contiguous, got a strided view of shape "
          + Shape.str(t.shapeRef()));
    }
    Class<?> want = Host.newArray(t.dtype(), 0).getClass();
    if (array == null || array.getClass() != want) {
      throw new IllegalArgumentException(op + ": a " + t.dtype().numpyName() + " tensor needs a "
          + want.getSimpleName() + ", got " + (array == null ? "null" : array.getClass().getSimpleName()));
    }
    int length = java.lang.reflect.Array.getLength(array);
    if (count < 0 || offset < 0 || offset + (long) count > length || count > t.size()) {
      throw new IllegalArgumentException(op + ": cannot move " + count + " elements at array offset " + offset
          + " (array of " + length + ", tensor of " + t.size() + " elements)");
    }
    return v;
  }
}
