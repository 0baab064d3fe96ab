package dev.fluxion.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct buffers that non-blocking reads copy into (JOCL takes no heap array for them), kept for
 * the next read once given back: a loop that reads the same sizes every block allocates them once.
 */
final class DirectStaging {
  private final List<ByteBuffer> free = new ArrayList<>();

  /** A buffer of at least {@code bytes} bytes, native order, position 0. */
  ByteBuffer take(long bytes) {
    for (int i = 0; i < free.size(); i++) {
      if (free.get(i).capacity() >= bytes) {
        return free.remove(i).clear();
      }
    }
    return ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 1))).order(ByteOrder.nativeOrder());
  }

  void give(ByteBuffer b) {
    free.add(b);
  }
}
