package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;

/** Making concrete tensors: from host arrays, by device fills, and immediate scalars. */
final class Creation {
  private Creation() {}

  static Tensor host(Object array, long[] shape, DType dtype, Device device, boolean variable) {
    Device d = device == null ? Device.defaultDevice() : device;
    checkShape("tensor creation", shape);
    DeviceBackend be = d.backend();
    checkSupported(d, dtype);
    int n = (int) Shape.size(shape);
    Buffer buf = be.allocate(dtype, n);
    try {
      be.write(buf, 0, array, 0, n);
    } catch (RuntimeException e) {
      be.release(buf);
      throw e;
    }
    return new Tensor(View.contiguous(buf, shape), new Storage(d, buf), variable && dtype.isFloating());
  }

  static Tensor fill(String op, FillOp fill, DType dtype, Device device, long[] shape, double... params) {
    checkShape(op, shape);
    checkSupported(device, dtype);
    DeviceBackend be = device.backend();
    Buffer buf = be.allocate(dtype, Shape.size(shape));
    View v = View.contiguous(buf, shape.clone());
    try {
      be.fill(fill, v, params);
    } catch (RuntimeException e) {
      be.release(buf);
      throw e;
    }
    return new Tensor(v, new Storage(device, buf), dtype.isFloating());
  }

  /** A 0-d constant that occupies no device memory (a kernel argument). */
  static Tensor scalar(double value, DType dtype, Device device) {
    ImmediateBuffer buf = new ImmediateBuffer(dtype, roundTo(value, dtype));
    return new Tensor(View.contiguous(buf, new long[0]), new Storage(device, buf), false);
  }

  /** A constant of the given shape whose elements are all one immediate value (stride 0). */
  static Tensor broadcastScalar(double value, DType dtype, Device device, long[] shape) {
    ImmediateBuffer buf = new ImmediateBuffer(dtype, roundTo(value, dtype));
    return new Tensor(new View(buf, shape.clone(), new long[shape.length], 0), new Storage(device, buf), false);
  }

  static double roundTo(double v, DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> (float) v;
      case INT32 -> (int) v;
      case INT64 -> (long) v;
      case BOOL -> v != 0 ? 1 : 0;
      case FLOAT64 -> v;
    };
  }

  static void checkSupported(Device device, DType dtype) {
    if (!device.backend().supports(dtype)) {
      throw new UnsupportedOperationException("device " + device.name() + " does not support "
          + dtype.numpyName() + " (" + device.description() + ")");
    }
  }

  static void checkShape(String op, long[] shape) {
    long n = 1;
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(op + ": negative size " + s + " in shape " + Shape.str(shape));
      }
      n *= s;
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " has more than 2^31 elements");
      }
    }
  }

  static long[] rowsShape(Object[] rows) {
    return new long[] {rows.length, rows.length == 0 ? 0 : java.lang.reflect.Array.getLength(rows[0])};
  }

  static double[] flatten(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] out = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkRow(rows[i].length, cols, i);
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return out;
  }

  static float[] flatten(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkRow(rows[i].length, cols, i);
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return out;
  }

  private static void checkRow(int length, int cols, int i) {
    if (length != cols) {
      throw new IllegalArgumentException("Tensor.of: rows must have equal lengths, row 0 has " + cols
          + " elements and row " + i + " has " + length);
    }
  }

  /** A copy of {@code data} after checking that its length matches the shape. */
  @SuppressWarnings("unchecked")
  static <A> A checkedCopy(String op, A data, int length, long[] shape) {
    checkShape(op, shape);
    if (Shape.size(shape) != length) {
      throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.str(shape)
          + " (" + Shape.size(shape) + " elements)");
    }
    Object copy = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), length);
    System.arraycopy(data, 0, copy, 0, length);
    return (A) copy;
  }

  /** Host conversion of FLOAT64 values to the array type of a dtype. */
  static Object convert(double[] data, DType dtype) {
    switch (dtype) {
      case FLOAT64:
        return data;
      case FLOAT32: {
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
          out[i] = (float) data[i];
        }
        return out;
      }
      case INT32: {
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
          out[i] = (int) data[i];
        }
        return out;
      }
      case INT64: {
        long[] out = new long[data.length];
        for (int i = 0; i < data.length; i++) {
          out[i] = (long) data[i];
        }
        return out;
      }
      default: {
        boolean[] out = new boolean[data.length];
        for (int i = 0; i < data.length; i++) {
          out[i] = data[i] != 0;
        }
        return out;
      }
    }
  }
}
