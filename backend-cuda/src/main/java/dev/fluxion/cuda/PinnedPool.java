package dev.fluxion.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Page-locked host buffers that {@link CudaDriver#readLater} copies into on the copy stream (a
 * copy into pageable memory would not overlap anything), kept for the next read once given back:
 * a sweep that reads the same sizes every block pins its buffers once.
 */
final class PinnedPool implements AutoCloseable {
  /** A pinned buffer: the driver's pointer and the same bytes as a buffer (native order). */
  record Pinned(Pointer pointer, ByteBuffer bytes) {}

  private final List<Pinned> free = new ArrayList<>();
  private final List<Pinned> all = new ArrayList<>();

  /** A pinned buffer of at least {@code bytes} bytes (rounded up to 64 KiB when new). */
  Pinned take(long bytes) {
    for (int i = 0; i < free.size(); i++) {
      if (free.get(i).bytes().capacity() >= bytes) {
        return free.remove(i);
      }
    }
    long size = Math.max(1, (bytes + 0xFFFF) & ~0xFFFFL);
    Pointer p = new Pointer();
    JCudaDriver.cuMemAllocHost(p, size);
    Pinned made = new Pinned(p, p.getByteBuffer(0, size).order(ByteOrder.nativeOrder()));
    all.add(made);
    return made;
  }

  void give(Pinned p) {
    free.add(p);
  }

  /** Frees every buffer (the copies into them must have finished); the first failure is thrown. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (Pinned p : all) {
      try {
        JCudaDriver.cuMemFreeHost(p.pointer());
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    all.clear();
    free.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
