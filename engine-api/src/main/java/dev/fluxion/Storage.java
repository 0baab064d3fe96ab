package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ImmediateBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device buffer shared by the tensors that view it, returned to the device's allocator when
 * the last of them is closed or collected. The version counts in-place writes (through any
 * view), so that a backward sweep can tell that a value it needs was overwritten after it was
 * recorded (PyTorch's version counters): {@link Tensor#assign} always goes ahead, and the sweep
 * that would need the old values throws instead.
 */
final class Storage {
  final Device device;
  final Buffer buffer;
  private final AtomicInteger refs = new AtomicInteger(1);
  private volatile long version;

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
}
