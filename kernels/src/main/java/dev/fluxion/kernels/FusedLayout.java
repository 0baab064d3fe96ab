package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The words of the fused kernels' layout structs (fused.h, fused-interp.c): a map iteration
 * {@code n, rank, shape, stride[K], offset[K], s[S]}, or the reduction form (also the
 * interpreter's) {@code n, inner, rank, innerRank, groups, chunk, shape, innerShape, stride[K],
 * innerStride[K], offset[K], s[S]} followed, for the interpreter, by {@code int slot[S]}.
 * Immediates are packed in the program's type, slots as 32-bit ints, in native byte order.
 */
final class FusedLayout {
  private final long[] words;
  private int at;

  private FusedLayout(int words) {
    this.words = new long[words];
  }

  /** A map iteration over the merged axes {@code m} of K operands. */
  static long[] map(long n, Layouts.Merged m, long[] offsets, int operands, double[] scalars, int scalarSlots, DType t) {
    FusedLayout w = new FusedLayout(2 + FusedKernels.RANK * (1 + operands) + operands + packed(scalarSlots, t));
    w.put(n).put(m.rank()).axes(m.shape());
    for (int k = 0; k < operands; k++) {
      w.axes(k < m.strides().length ? m.strides()[k] : new long[0]);
    }
    return w.values(offsets, operands).scalars(scalars, scalarSlots, t).words;
  }

  /**
   * A reduction (or, with {@code inner} 0 and no inner axes, a map for the interpreter):
   * outputs over the kept axes, each folding {@code inner} positions of the inner axes.
   */
  static long[] reduce(long n, long inner, Layouts.Merged kept, Layouts.Merged block, long groups, long chunk, long[] offsets,
      int operands, double[] scalars, int scalarSlots, DType t, int[] slots) {
    int size = 6 + 2 * FusedKernels.RANK * (1 + operands) + operands + packed(scalarSlots, t) + (slots == null ? 0 : (slots.length + 1) / 2);
    FusedLayout w = new FusedLayout(size);
    w.put(n).put(inner).put(kept.rank()).put(block == null ? 0 : block.rank()).put(groups).put(chunk);
    w.axes(kept.shape()).axes(block == null ? new long[0] : block.shape());
    for (int k = 0; k < operands; k++) {
      w.axes(k < kept.strides().length ? kept.strides()[k] : new long[0]);
    }
    for (int k = 0; k < operands; k++) {
      w.axes(block != null && k < block.strides().length ? block.strides()[k] : new long[0]);
    }
    w.values(offsets, operands).scalars(scalars, scalarSlots, t);
    if (slots != null) {
      w.ints(slots);
    }
    return w.words;
  }

  /** Bytes of a struct of {@code words} words. */
  static int bytes(long[] words) {
    return words.length * 8;
  }

  private static int packed(int count, DType t) {
    int n = Math.max(1, count);
    return t == DType.FLOAT32 ? (n + 1) / 2 : n;
  }

  private FusedLayout put(long v) {
    words[at++] = v;
    return this;
  }

  private FusedLayout axes(long[] values) {
    System.arraycopy(values, 0, words, at, values.length);
    at += FusedKernels.RANK;
    return this;
  }

  private FusedLayout values(long[] values, int count) {
    System.arraycopy(values, 0, words, at, Math.min(values.length, count));
    at += count;
    return this;
  }

  private FusedLayout scalars(double[] values, int slots, DType t) {
    int n = packed(slots, t);
    ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.nativeOrder());
    for (double v : values) {
      if (t == DType.FLOAT32) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
    b.rewind();
    for (int i = 0; i < n; i++) {
      words[at++] = b.getLong();
    }
    return this;
  }

  private FusedLayout ints(int[] values) {
    int n = (values.length + 1) / 2;
    ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.nativeOrder());
    for (int v : values) {
      b.putInt(v);
    }
    b.rewind();
    for (int i = 0; i < n; i++) {
      words[at++] = b.getLong();
    }
    return this;
  }
}
