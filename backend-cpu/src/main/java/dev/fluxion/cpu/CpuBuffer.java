package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;

/** CPU memory: a Java array of the dtype's primitive type (boolean[] for BOOL). */
final class CpuBuffer implements Buffer {
  final DType dtype;
  final Object array;
  final int capacity;
  /** Whether the array came from (and returns to) the pool. */
  final boolean pooled;

  CpuBuffer(DType dtype, Object array, int capacity, boolean pooled) {
    this.dtype = dtype;
    this.array = array;
    this.capacity = capacity;
    this.pooled = pooled;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  long bytes() {
    return (long) capacity * dtype.byteSize();
  }

  static Object newArray(DType dtype, int n) {
    return switch (dtype) {
      case FLOAT64 -> new double[n];
      case FLOAT32 -> new float[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case BOOL -> new boolean[n];
    };
  }
}
