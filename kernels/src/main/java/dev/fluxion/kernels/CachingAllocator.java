package dev.fluxion.kernels;

import dev.fluxion.DeviceMemoryException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Device memory through size-bucketed free lists (as PyTorch's CUDA allocator): a request is
 * rounded up to a block size (512 bytes at least, then four sizes per power of two), released
 * blocks wait in the list of their size and serve the next request of that size, so a training
 * step that repeats the previous one's allocations gets them all from the cache. When the driver
 * is out of memory — or the blocks obtained would exceed the device's memory — the cache is
 * emptied and the request retried once; then {@link DeviceMemoryException} says what was asked
 * for and what is in use. Reuse is safe because the device runs its work in queue order.
 */
final class CachingAllocator {
  static final long MIN_BLOCK = 512;

  private final Driver driver;
  private final DeviceInfo info;
  private final Map<Long, ArrayDeque<DeviceMemory>> free = new HashMap<>();
  private long allocatedBytes;
  private long cachedBytes;

  CachingAllocator(Driver driver) {
    this.driver = driver;
    this.info = driver.info();
  }

  /** Rounds up to the next of 2^k, 1.25·2^k, 1.5·2^k, 1.75·2^k (at least {@link #MIN_BLOCK}). */
  static long blockSize(long bytes) {
    long n = Math.max(MIN_BLOCK, bytes);
    long high = Long.highestOneBit(n);
    if (high == n) {
      return n;
    }
    long quarter = high >> 2;
    return (n + quarter - 1) / quarter * quarter;
  }

  /**
   * A block of at least {@code bytes} bytes; {@code what} describes the request for messages
   * (e.g. "1000 float32 elements"), and is asked for only when there is one.
   */
  synchronized DeviceMemory allocate(long bytes, Supplier<String> what) {
    long size = blockSize(bytes);
    ArrayDeque<DeviceMemory> list = free.get(size);
    if (list != null && !list.isEmpty()) {
      cachedBytes -= size;
      return list.pop();
    }
    if (size > info.maxAllocationBytes()) {
      throw new DeviceMemoryException(info.name() + ": cannot allocate " + what.get() + " (" + bytes(bytes)
          + ") in one buffer: the device's largest allocation is " + bytes(info.maxAllocationBytes()));
    }
    DeviceMemory m = fromDriver(size);
    if (m == null) {
      long released = cachedBytes;
      emptyCache();
      m = fromDriver(size);
      if (m == null) {
        throw new DeviceMemoryException(info.name() + ": out of device memory allocating " + what.get() + " (" + bytes(bytes)
            + "): " + bytes(allocatedBytes) + " in use by tensors after releasing " + bytes(released)
            + " of cached blocks and retrying; device memory " + bytes(info.totalMemoryBytes()));
      }
    }
    allocatedBytes += size;
    return m;
  }

  private DeviceMemory fromDriver(long size) {
    if (allocatedBytes + size > info.totalMemoryBytes()) {
      return null;
    }
    try {
      return driver.allocate(size);
    } catch (DriverOutOfMemoryException e) {
      return null;
    }
  }

  /** Puts a block back into the free list of its size. */
  synchronized void release(DeviceMemory m) {
    free.computeIfAbsent(m.bytes(), k -> new ArrayDeque<>()).push(m);
    cachedBytes += m.bytes();
  }

  /** Frees every cached block to the driver. */
  synchronized void emptyCache() {
    for (ArrayDeque<DeviceMemory> list : free.values()) {
      for (DeviceMemory m : list) {
        driver.free(m);
      }
    }
    free.clear();
    allocatedBytes -= cachedBytes;
    cachedBytes = 0;
  }

  /** Bytes obtained from the driver and not freed: in use or cached. */
  synchronized long allocatedBytes() {
    return allocatedBytes;
  }

  /** Bytes held, unused, in the free lists. */
  synchronized long cachedBytes() {
    return cachedBytes;
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
