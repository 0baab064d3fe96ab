package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.util.Locale;

/**
 * The memory a sweep needs: constant in the number of points, proportional to the block. The
 * check runs before any work, so that a block too big for the heap is one line, not an
 * OutOfMemoryError half-way.
 */
public final class SweepMemory {
  private SweepMemory() {}

  /** Bytes of Java heap the sweep's buffers take (on the CPU the device buffers are heap too). */
  public static long heapBytes(SweepSpec spec, Device device) {
    long block = spec.blockFor(spec.grid().size());
    int dims = spec.grid().dimensions();
    int columns = dims + spec.outputs().size();
    long width = spec.dtype() == DType.FLOAT32 ? 4 : 8;
    int outputs = spec.outputs().size();
    long floats = spec.dtype() == DType.FLOAT32 ? 3 * block * outputs * 4 : 0;    // the blocks' FLOAT32 reads
    long host = 3 * block * columns * 8 + floats + block * width + block * columns * 8; // three blocks, staging, file
    long deviceBuffers = block * (dims + 2L * outputs) * width * 2;                // inputs, two output sets, intermediates
    long hessian = spec.hessian() ? block * (long) dims * dims * width * 8 : 0;
    boolean onHeap = device == null || device.name().startsWith("cpu");
    return host + (onHeap ? deviceBuffers + hessian : 0);
  }

  /** Throws IllegalArgumentException (saying what to do) when the buffers cannot fit the heap. */
  public static void check(SweepSpec spec, Device device) {
    long need = heapBytes(spec, device);
    long max = Runtime.getRuntime().maxMemory();
    if (need > max * 0.8) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "blocks of %d points need about %s of memory but the JVM may use %s: use a smaller --block (the default is %d), "
              + "or a bigger -Xmx through FLUXION_JAVA_OPTS (e.g. FLUXION_JAVA_OPTS=-Xmx%dm)",
          spec.blockFor(spec.grid().size()), mib(need), mib(max), SweepSpec.DEFAULT_BLOCK, need * 2 / (1 << 20) + 256));
    }
  }

  /** The one line printed when memory ran out anyway. */
  public static String advice(SweepSpec spec, Device device, Throwable e) {
    long need = heapBytes(spec, device);
    String where = e instanceof OutOfMemoryError ? "the Java heap (" + mib(Runtime.getRuntime().maxMemory()) + ")"
        : "the device " + (device == null ? "" : device.name());
    return String.format(Locale.ROOT, "out of memory in %s: the sweep's blocks of %d points need about %s; use a smaller "
        + "--block, fewer points, or a bigger -Xmx through FLUXION_JAVA_OPTS (e.g. FLUXION_JAVA_OPTS=-Xmx%dm)", where,
        spec.blockFor(spec.grid().size()), mib(need), need * 2 / (1 << 20) + 512);
  }

  static String mib(long bytes) {
    return bytes >= 10L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%d MiB", (bytes + (1 << 20) - 1) >> 20);
  }
}
