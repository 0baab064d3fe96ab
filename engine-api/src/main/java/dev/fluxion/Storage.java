package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ImmediateBuffer;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device buffer shared by the tensors that view it, returned to the device's allocator when
 * the last of them is closed or collected. The version counts in-place writes, so that a
 * backward sweep can tell a saved tensor was overwritten after it was recorded; the savers
 * are the recorded nodes whose VJP reads these elements (through any view), so that
 * {@link Tensor#assign} can refuse to overwrite them while such a backward is pending.
 */
final class Storage {
  final Device device;
  final Buffer buffer;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile long version;
  private List<WeakReference<Node>> savers;

  Storage(Device device, Buffer buffer) {
    this.device = device;
    this.buffer = buffer;
  }

  Storage retain() {
    refs.incrementAndGet();
    return this;
  }

  void release() {
    if (refs.decrementAndGet() == 0 && !(buffer instanceof ImmediateBuffer)) {
      device.backend().release(buffer);
    }
  }

  long version() {
    return version;
  }

  void bumpVersion() {
    version++;
  }

  /** Records that a node's VJP reads this storage's elements. */
  synchronized void savedBy(Node n) {
    if (savers == null) {
      savers = new ArrayList<>(2);
    }
    if (savers.size() >= 8) {
      savers.removeIf(r -> {
        Node s = r.get();
        return s == null || !s.pending();
      });
    }
    savers.add(new WeakReference<>(n));
  }

  /** A node whose VJP reads this storage and whose backward has not run, or null. */
  synchronized Node pendingSaver() {
    if (savers == null) {
      return null;
    }
    for (WeakReference<Node> r : savers) {
      Node s = r.get();
      if (s != null && s.pending()) {
        return s;
      }
    }
    return null;
  }
}
