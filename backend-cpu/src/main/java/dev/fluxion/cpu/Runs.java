package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ImmediateBuffer;

/**
 * Moving one strided run of any dtype into or out of a dense scratch array of doubles or longs
 * (the working types of the kernels), converting as NumPy's astype does: floats to integers
 * truncate toward zero, anything non-zero is true.
 */
final class Runs {
  private Runs() {}

  static void loadDouble(Buffer b, long offset, long stride, int n, double[] dst) {
    if (b instanceof ImmediateBuffer imm) {
      java.util.Arrays.fill(dst, 0, n, immediateValue(imm));
      return;
    }
    CpuBuffer c = (CpuBuffer) b;
    int o = (int) offset;
    int s = (int) stride;
    switch (c.dtype) {
      case FLOAT64 -> {
        double[] a = (double[]) c.array;
        if (s == 1) {
          System.arraycopy(a, o, dst, 0, n);
        } else {
          for (int i = 0; i < n; i++) {
            dst[i] = a[o + i * s];
          }
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s];
        }
      }
      case INT32 -> {
        int[] a = (int[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s];
        }
      }
      case INT64 -> {
        long[] a = (long[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s];
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s] ? 1 : 0;
        }
      }
    }
  }

  static void storeDouble(Buffer b, long offset, long stride, int n, double[] src) {
    CpuBuffer c = (CpuBuffer) b;
    int o = (int) offset;
    int s = (int) stride;
    switch (c.dtype) {
      case FLOAT64 -> {
        double[] a = (double[]) c.array;
        if (s == 1) {
          System.arraycopy(src, 0, a, o, n);
        } else {
          for (int i = 0; i < n; i++) {
            a[o + i * s] = src[i];
          }
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = (float) src[i];
        }
      }
      case INT32 -> {
        int[] a = (int[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = (int) src[i];
        }
      }
      case INT64 -> {
        long[] a = (long[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = (long) src[i];
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = src[i] != 0;
        }
      }
    }
  }

  static void loadLong(Buffer b, long offset, long stride, int n, long[] dst) {
    if (b instanceof ImmediateBuffer imm) {
      java.util.Arrays.fill(dst, 0, n, (long) imm.value());
      return;
    }
    CpuBuffer c = (CpuBuffer) b;
    int o = (int) offset;
    int s = (int) stride;
    switch (c.dtype) {
      case INT64 -> {
        long[] a = (long[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s];
        }
      }
      case INT32 -> {
        int[] a = (int[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s];
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = a[o + i * s] ? 1 : 0;
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = (long) a[o + i * s];
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) c.array;
        for (int i = 0; i < n; i++) {
          dst[i] = (long) a[o + i * s];
        }
      }
    }
  }

  static void storeLong(Buffer b, long offset, long stride, int n, long[] src) {
    CpuBuffer c = (CpuBuffer) b;
    int o = (int) offset;
    int s = (int) stride;
    switch (c.dtype) {
      case INT64 -> {
        long[] a = (long[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = src[i];
        }
      }
      case INT32 -> {
        int[] a = (int[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = (int) src[i];
        }
      }
      case BOOL -> {
        boolean[] a = (boolean[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = src[i] != 0;
        }
      }
      case FLOAT64 -> {
        double[] a = (double[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = src[i];
        }
      }
      case FLOAT32 -> {
        float[] a = (float[]) c.array;
        for (int i = 0; i < n; i++) {
          a[o + i * s] = src[i];
        }
      }
    }
  }

  /** Whether a dtype is computed with the integer (long) kernels. */
  /** An immediate's value as its dtype holds it: a FLOAT32 immediate is the float nearest its double. */
  static double immediateValue(ImmediateBuffer imm) {
    return imm.dtype() == DType.FLOAT32 ? (float) imm.value() : imm.value();
  }

  static boolean integral(DType t) {
    return t == DType.INT32 || t == DType.INT64 || t == DType.BOOL;
  }
}
