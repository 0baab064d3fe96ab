package dev.fluxion.spi;

import dev.fluxion.DType;
import dev.fluxion.DeviceStats;

/**
 * One device: memory plus one method per kernel family, dispatching on op tokens.
 *
 * <p>Contract for every kernel method: input views may have any strides (0 for broadcast
 * axes, negative for flips) and may be {@link ImmediateBuffer immediates}; inputs of an
 * elementwise op already have the output's shape and (except {@link #copy} and the condition
 * of {@link #where}) its dtype; outputs are views into buffers of this device (usually
 * contiguous). Methods may run asynchronously: {@link #read} and {@link #synchronize} wait.
 */
public interface DeviceBackend {
  /** For example "cpu" or "opencl:0". */
  String name();

  /** Human-readable description: hardware, driver, library paths in use. */
  String description();

  /** Whether the device computes in this dtype (devices without FP64 return false for it). */
  boolean supports(DType dtype);

  /** A buffer of at least {@code elements} elements; contents are undefined. */
  Buffer allocate(DType dtype, long elements);

  /** Returns a buffer to this device (its caching allocator); never called for immediates. */
  void release(Buffer buffer);

  /**
   * Copies {@code count} elements from a Java array ({@code double[]}, {@code float[]},
   * {@code int[]}, {@code long[]} or {@code boolean[]} matching the buffer's dtype) into
   * {@code dst} starting at element {@code dstOffset}.
   */
  void write(Buffer dst, long dstOffset, Object javaArray, int srcOffset, int count);

  /** Copies {@code count} elements of a buffer into a Java array of its dtype; waits. */
  void read(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count);

  /**
   * Queues the copy of {@code count} elements of a buffer into a Java array of its dtype, after
   * every operation queued before it, and returns without waiting: the elements are in the array
   * once the result's {@link PendingRead#await} returns, and the array must not be touched before.
   * Operations queued later that write or release {@code src} run after the copy. The default
   * copies at once ({@link #read}); device backends overlap the copy with later kernels.
   */
  default PendingRead readLater(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count) {
    read(src, srcOffset, javaArray, dstOffset, count);
    return PendingRead.DONE;
  }

  void unary(UnaryOp op, View x, View out);

  void binary(BinaryOp op, View a, View b, View out);

  /** {@code out = cond ? a : b} elementwise; cond is BOOL. */
  void where(View cond, View a, View b, View out);

  /**
   * Reduces {@code x} over {@code axes} (sorted, distinct); {@code out} has the shape of
   * {@code x} without those axes.
   */
  void reduce(ReduceOp op, View x, int[] axes, View out);

  /**
   * Batched matrix product: {@code a} is {@code (..., n, k)}, {@code b} is {@code (..., k, m)}
   * with identical batch shapes (already broadcast), {@code out} is {@code (..., n, m)}.
   */
  void matmul(View a, View b, View out);

  /** Elementwise copy of {@code src} into {@code dst} (same shape), casting between dtypes. */
  void copy(View src, View dst);

  /** Whether {@link #fused} runs elementwise programs in one pass on this device. */
  default boolean supportsFused() {
    return false;
  }

  /**
   * Runs an elementwise program: the inputs all have the iteration shape (they may be broadcast
   * views), and so do the outputs — except with a {@link FusedProgram#reduction() reduction},
   * where the outputs have the iteration shape without the reduced axes; output {@code j}
   * receives the program's output {@code j}. An output may be the very same view as an input
   * (an in-place update), never a partial overlap; a call that throws has written nothing.
   */
  default void fused(FusedProgram program, View[] inputs, View[] outputs) {
    throw new UnsupportedOperationException(name() + " does not run fused programs");
  }

  // ---- Linear algebra (issue 14): batched factorisations and solves on the last two axes ----

  /**
   * Runs a {@link LinalgOp} on every matrix of a batch. {@code in} holds A {@code (..., n, n)}
   * and, for the solves, B {@code (..., n, k)}; their batch axes already have the output's
   * shape (stride 0 where broadcast) and any strides; {@code out} is a contiguous view of the
   * output's shape and dtype (FLOAT32 or FLOAT64, as the inputs).
   *
   * <p>Returns the flat batch index of the first matrix on which the op failed (see
   * {@link LinalgOp}), or −1. For an op that {@link LinalgOp#canFail can fail} this waits for
   * the device: the engine must raise the error at the call (one host synchronisation that
   * reads back 4 bytes); ops that cannot fail return −1 without waiting.
   */
  default long linalg(LinalgOp op, View[] in, View out) {
    throw new UnsupportedOperationException(name() + " has no linear-algebra kernels (" + op + ")");
  }

  // ---- end of linear algebra ----

  /** See {@link FillOp} for the parameters of each op. */
  void fill(FillOp op, View out, double... params);

  // ---- Indexing: gather and scatter-add along one axis (issue 14) ----

  /**
   * Gather along {@code axis}: {@code out[o] = x[o with its axis coordinate replaced by index[o]]}.
   * {@code index} (INT64) has the shape of {@code out}; {@code x} has it too except along
   * {@code axis}, where it has its own extent n (other axes may be broadcast, stride 0). Indices
   * lie in [−n, n) (validated by the engine unless {@link #checksIndices}); a negative one counts
   * from the end. Any dtype.
   */
  void gather(View x, View index, int axis, View out);

  /**
   * Scatter-add along {@code axis}: for every position o of {@code index}'s shape,
   * {@code out[o with its axis coordinate replaced by index[o]] += src[o]}. {@code out} already
   * holds the base values and has index's shape except along {@code axis} (extent n); an axis on
   * which out has stride 0 adds several positions into one element. {@code index} (INT64) and
   * {@code src} have index's shape; indices lie in [−n, n) as for gather. Deterministic: each element of out
   * receives its additions in row-major order of o. Every dtype but BOOL.
   */
  void scatterAdd(View index, View src, int axis, View out);

  /**
   * Whether {@link #gather} and {@link #scatterAdd} check every index themselves and throw
   * {@link IndexOutOfRangeException} (before returning) for one outside [−n, n). Devices whose
   * kernels cannot throw return false, and the engine checks the indices before launching.
   */
  default boolean checksIndices() {
    return false;
  }

  // ---- end of indexing ----

  /** Waits until every queued kernel has finished. */
  void synchronize();

  /** Counters of this device; {@code liveTensors} is filled in by the engine. */
  DeviceStats stats();

  void resetStats();
}
