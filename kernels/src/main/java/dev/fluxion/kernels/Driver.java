package dev.fluxion.kernels;

import java.nio.Buffer;
import java.util.Optional;

/**
 * What a device API must provide for {@link DriverBackend} to run every kernel of the SPI on it:
 * memory, transfers, compiled programs and launches on one in-order queue. Implementations are
 * small (JOCL, JCuda); everything else — dispatch, launch planning, caching of memory and
 * programs, counters — lives in {@link DriverBackend}. Calls come from one thread at a time.
 */
public interface Driver extends AutoCloseable {
  /** The device's description and limits. */
  DeviceInfo info();

  /** The C dialect the device compiles. */
  Dialect dialect();

  /**
   * Device memory of exactly {@code bytes} bytes.
   *
   * @throws DriverOutOfMemoryException when the device reports it is out of memory
   */
  DeviceMemory allocate(long bytes);

  /** Returns memory to the device (after every queued use of it). */
  void free(DeviceMemory memory);

  /**
   * Copies {@code src}'s remaining elements (a heap or direct buffer) to {@code dst} at a byte
   * offset; returns when {@code src} may be reused.
   */
  void write(DeviceMemory dst, long dstByteOffset, Buffer src);

  /** Copies device memory into {@code dst}'s remaining elements; waits for every queued kernel. */
  void read(DeviceMemory src, long srcByteOffset, Buffer dst);

  /**
   * Queues a copy of {@code bytes} bytes of device memory into host memory of the driver's (pinned
   * or direct), after every operation queued before it, and returns without waiting; the copy
   * overlaps later launches where the device allows. Operations queued later that write or free
   * {@code src} are ordered after the copy by the driver. The default copies at once, through a
   * heap buffer.
   */
  default PendingCopy readLater(DeviceMemory src, long srcByteOffset, long bytes) {
    java.nio.ByteBuffer staged = java.nio.ByteBuffer.allocate(Math.toIntExact(bytes)).order(java.nio.ByteOrder.nativeOrder());
    read(src, srcByteOffset, staged);
    return dst -> HostBytes.copy(staged, dst);
  }

  /**
   * Compiles and loads a program.
   *
   * @throws KernelCompileException with the compiler's log when the source does not compile
   */
  DeviceProgram compile(String name, String source);

  /** An entry point of a loaded program. */
  DeviceKernel kernel(DeviceProgram program, String name);

  /** Queues a kernel launch; returns without waiting for it. */
  void launch(DeviceKernel kernel, LaunchPlan plan, KernelArgs args);

  /**
   * A library matrix product to use in place of the tiled GEMM kernel where it takes the layout
   * (the one optional method: none by default).
   */
  default Optional<LibraryGemm> gemm() {
    return Optional.empty();
  }

  // ---- fused programs ----

  /**
   * Why this driver cannot compile generated kernel sources at run time (then fused programs run
   * on the prebuilt interpreter), or empty when it can (the default: OpenCL always can).
   */
  default Optional<String> noRuntimeCompiler() {
    return Optional.empty();
  }

  /** Waits until every queued operation has finished. */
  void synchronize();

  /** Releases the kernels, programs, queue and context (memory is freed by its owner). */
  @Override
  void close();
}
