package dev.fluxion.kernels;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/** Moves elements from the bytes of a host staging buffer (native order) into a typed buffer. */
public final class HostBytes {
  private HostBytes() {}

  /**
   * Copies {@code dst.remaining()} elements from the start of {@code from} (read as elements of
   * {@code dst}'s type, native order) into {@code dst}, without moving either buffer's position.
   */
  public static void copy(ByteBuffer from, Buffer dst) {
    ByteBuffer src = from.duplicate().order(java.nio.ByteOrder.nativeOrder()).clear();
    int at = dst.position();
    int n = dst.remaining();
    if (dst instanceof FloatBuffer f) {
      f.put(at, src.asFloatBuffer(), 0, n);
    } else if (dst instanceof DoubleBuffer d) {
      d.put(at, src.asDoubleBuffer(), 0, n);
    } else if (dst instanceof IntBuffer i) {
      i.put(at, src.asIntBuffer(), 0, n);
    } else if (dst instanceof LongBuffer l) {
      l.put(at, src.asLongBuffer(), 0, n);
    } else {
      ((ByteBuffer) dst).put(at, src, 0, n);
    }
  }
}
