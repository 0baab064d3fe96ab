package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.DeviceMemoryException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU's caching allocator. Large arrays (at least {@link #MIN_POOLED} elements) are
 * rounded up to a size class (four classes per power of two) and reused when released, so that
 * repeated large ops neither zero fresh memory nor stress the collector; small arrays are plain
 * allocations. The cache holds at most {@code limitBytes}; beyond that released arrays are
 * dropped to the garbage collector.
 */
final class ArrayPool {
  static final int MIN_POOLED = 1 << 14;

  private record Key(DType dtype, int capacity) {}

  private final Map<Key, ArrayDeque<Object>> free = new HashMap<>();
  private final long limitBytes;
  private long allocatedBytes;
  private long cachedBytes;

  ArrayPool(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** Rounds n up to the next of 2^k, 1.25·2^k, 1.5·2^k, 1.75·2^k. */
  static int sizeClass(int n) {
    int high = Integer.highestOneBit(n);
    if (high == n) {
      return n;
    }
    int quarter = Math.max(1, high >> 2);
    long rounded = ((long) n + quarter - 1) / quarter * quarter;
    return (int) Math.min(rounded, Integer.MAX_VALUE - 8);
  }

  /**
   * An array of at least {@code n} elements. When the heap cannot hold it, the cache is emptied
   * and the allocation retried once; if it still fails, a {@link DeviceMemoryException} says what
   * was asked for and what is in use (the failed request took no memory: the JVM stays usable).
   */
  synchronized CpuBuffer allocate(DType dtype, int n) {
    if (n < MIN_POOLED) {
      Object array = newArray(dtype, n, n);
      allocatedBytes += (long) n * dtype.byteSize();
      return new CpuBuffer(dtype, array, n, false);
    }
    int cap = sizeClass(n);
    Key key = new Key(dtype, cap);
    ArrayDeque<Object> list = free.get(key);
    long bytes = (long) cap * dtype.byteSize();
    if (list != null && !list.isEmpty()) {
      cachedBytes -= bytes;
      return new CpuBuffer(dtype, list.pop(), cap, true);
    }
    Object array = newArray(dtype, cap, n);
    allocatedBytes += bytes;
    return new CpuBuffer(dtype, array, cap, true);
  }

  /** An array of {@code n} elements for a request of {@code requested}. */
  private Object newArray(DType dtype, int n, int requested) {
    try {
      return CpuBuffer.newArray(dtype, n);
    } catch (OutOfMemoryError first) {
      long released = cachedBytes;
      emptyCache();
      try {
        return CpuBuffer.newArray(dtype, n);
      } catch (OutOfMemoryError again) {
        long bytes = (long) requested * dtype.byteSize();
        throw new DeviceMemoryException("cpu: out of memory allocating " + requested + " " + dtype.numpyName() + " elements ("
            + mib(bytes) + "): " + mib(allocatedBytes) + " in use by tensors after releasing " + mib(released)
            + " of cached arrays and retrying; the JVM's maximum heap is " + mib(Runtime.getRuntime().maxMemory())
            + " (raise it with -Xmx, for the fluxion command through FLUXION_JAVA_OPTS, or use fewer or smaller tensors)",
            again);
      }
    }
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  synchronized void release(CpuBuffer b) {
    long bytes = b.bytes();
    if (!b.pooled || cachedBytes + bytes > limitBytes) {
      allocatedBytes -= bytes;
      return;
    }
    free.computeIfAbsent(new Key(b.dtype, b.capacity), k -> new ArrayDeque<>()).push(b.array);
    cachedBytes += bytes;
  }

  synchronized void emptyCache() {
    allocatedBytes -= cachedBytes;
    cachedBytes = 0;
    free.clear();
  }

  synchronized long allocatedBytes() {
    return allocatedBytes;
  }

  synchronized long cachedBytes() {
    return cachedBytes;
  }
}
