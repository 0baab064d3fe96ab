package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The arguments of one launch, in order: device memory, or a value (scalar or struct) held in
 * native byte order in one direct buffer, 8-byte aligned. Reused from launch to launch.
 */
public final class KernelArgs {
  private static final int MAX_ARGS = 16;

  private final DeviceMemory[] memories = new DeviceMemory[MAX_ARGS];
  private final int[] offsets = new int[MAX_ARGS];
  private final int[] sizes = new int[MAX_ARGS];
  private final ByteBuffer values = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
  private int count;

  /** Forgets every argument. */
  public KernelArgs reset() {
    count = 0;
    values.clear();
    return this;
  }

  public KernelArgs memory(DeviceMemory m) {
    memories[next()] = m;
    sizes[count - 1] = 0;
    return this;
  }

  /** A scalar of dtype {@code t} (BOOL as one byte, 0 or 1). */
  public KernelArgs scalar(DType t, double v) {
    switch (t) {
      case BOOL -> value(1).put((byte) (v != 0 ? 1 : 0));
      case INT32 -> value(4).putInt((int) v);
      case INT64 -> value(8).putLong((long) v);
      case FLOAT32 -> value(4).putFloat((float) v);
      case FLOAT64 -> value(8).putDouble(v);
    }
    return this;
  }

  public KernelArgs int64(long v) {
    value(8).putLong(v);
    return this;
  }

  /** A {@code real}: double on devices with FP64, else float (see common.h). */
  public KernelArgs real(double v, boolean fp64) {
    return scalar(fp64 ? DType.FLOAT64 : DType.FLOAT32, v);
  }

  /** A struct of 64-bit words (the layouts of the kernels). */
  public KernelArgs struct(long[] words) {
    ByteBuffer b = value(8 * words.length);
    for (long w : words) {
      b.putLong(w);
    }
    return this;
  }

  public int count() {
    return count;
  }

  /** The memory of argument i, or null when it is a value. */
  public DeviceMemory memory(int i) {
    return sizes[i] == 0 ? memories[i] : null;
  }

  /** The buffer holding every value; argument i's bytes start at {@link #offset(int)}. */
  public ByteBuffer values() {
    return values;
  }

  public int offset(int i) {
    return offsets[i];
  }

  /** Bytes of value argument i (0 for memory). */
  public int size(int i) {
    return sizes[i];
  }

  private int next() {
    if (count == MAX_ARGS) {
      throw new IllegalStateException("more than " + MAX_ARGS + " kernel arguments");
    }
    memories[count] = null;
    return count++;
  }

  private ByteBuffer value(int bytes) {
    int i = next();
    int at = (values.position() + 7) & ~7;
    values.position(at);
    offsets[i] = at;
    sizes[i] = bytes;
    return values;
  }
}
