package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;

/** Reading tensor data back into Java arrays. */
final class Host {
  private Host() {}

  /** The elements of a view, row-major, in a new Java array of its dtype. */
  static Object read(View v, Device device) {
    int n = (int) v.size();
    Object out = newArray(v.dtype(), n);
    if (v.buffer() instanceof ImmediateBuffer imm) {
      fillArray(out, imm.value(), n);
      return out;
    }
    DeviceBackend be = device.rawBackend(); // a host read is never part of a jit plan
    if (v.isContiguous()) {
      be.read(v.buffer(), v.offset(), out, 0, n);
      return out;
    }
    Buffer tmp = be.allocate(v.dtype(), n);
    try {
      be.copy(v, View.contiguous(tmp, v.shape()));
      be.read(tmp, 0, out, 0, n);
    } finally {
      be.release(tmp);
    }
    return out;
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

  private static void fillArray(Object a, double v, int n) {
    if (a instanceof double[] d) {
      java.util.Arrays.fill(d, v);
    } else if (a instanceof float[] f) {
      java.util.Arrays.fill(f, (float) v);
    } else if (a instanceof int[] i) {
      java.util.Arrays.fill(i, (int) v);
    } else if (a instanceof long[] l) {
      java.util.Arrays.fill(l, (long) v);
    } else {
      java.util.Arrays.fill((boolean[]) a, v != 0);
    }
  }

  static double[] toDoubles(Object a) {
    if (a instanceof double[] d) {
      return d;
    }
    int n = java.lang.reflect.Array.getLength(a);
    double[] out = new double[n];
    if (a instanceof float[] f) {
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    } else if (a instanceof int[] x) {
      for (int i = 0; i < n; i++) {
        out[i] = x[i];
      }
    } else if (a instanceof long[] x) {
      for (int i = 0; i < n; i++) {
        out[i] = x[i];
      }
    } else {
      boolean[] b = (boolean[]) a;
      for (int i = 0; i < n; i++) {
        out[i] = b[i] ? 1 : 0;
      }
    }
    return out;
  }

  static float[] toFloats(Object a) {
    if (a instanceof float[] f) {
      return f;
    }
    double[] d = toDoubles(a);
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }
}
