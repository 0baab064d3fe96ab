package dev.fluxion.kernels;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * The checks {@link DriverBackend#fused} makes before anything is queued: counts, dtypes and
 * shapes of every operand, that every buffer is the device's and every output within its buffer,
 * that no output repeats elements or overlaps another output, and that an output overlapping an
 * input is that very view (an in-place update of an elementwise program). A refused call has
 * queued, allocated and written nothing.
 */
final class FusedChecks {
  private FusedChecks() {}

  /** Checks counts, dtypes, shapes, devices and overlaps; returns the iteration shape. */
  static long[] validate(DriverBackend device, FusedProgram p, View[] inputs, View[] outputs) {
    String op = "fused program";
    if (!device.supports(p.dtype())) {
      throw new UnsupportedOperationException(device.name() + " (" + device.description() + ") does not support "
          + p.dtype().numpyName() + " (" + op + ")");
    }
    if (inputs.length != p.inputs() || outputs.length != p.outputs().length) {
      throw new IllegalArgumentException(op + ": takes " + p.inputs() + " inputs and " + p.outputs().length + " outputs, got "
          + inputs.length + " and " + outputs.length);
    }
    long[] shape = inputs[0].shape();
    for (int i = 0; i < inputs.length; i++) {
      View in = inputs[i];
      if (in.dtype() != p.dtype() || !Arrays.equals(in.shape(), shape)) {
        throw new IllegalArgumentException(op + ": input " + i + " is " + in.dtype().numpyName() + " of shape "
            + Arrays.toString(in.shape()) + ", expected " + p.dtype().numpyName() + " of shape " + Arrays.toString(shape));
      }
      if (!in.isImmediate()) {
        device.own(in.buffer(), op, "input " + i);
      }
    }
    long[] outShape = shape;
    if (p.reduction() != null) {
      for (int a : p.reduction().axes()) {
        if (a >= shape.length) {
          throw new IllegalArgumentException(op + ": reduces axis " + a + " of an iteration of shape " + Arrays.toString(shape));
        }
      }
      outShape = reduced(shape, p.reduction().axes());
    }
    for (int j = 0; j < outputs.length; j++) {
      View out = outputs[j];
      if (out.isImmediate()) {
        throw new IllegalArgumentException(op + ": output " + j + " is an immediate, not a buffer");
      }
      DriverBuffer b = device.own(out.buffer(), op, "output " + j);
      if (out.dtype() != p.dtype() || !Arrays.equals(out.shape(), outShape)) {
        throw new IllegalArgumentException(op + ": output " + j + " is " + out.dtype().numpyName() + " of shape "
            + Arrays.toString(out.shape()) + ", expected " + p.dtype().numpyName() + " of shape " + Arrays.toString(outShape));
      }
      long[] extent = extent(out);
      for (int d = 0; d < out.ndim(); d++) {
        if (out.strides()[d] == 0 && out.shape()[d] > 1) {
          throw new IllegalArgumentException(op + ": output " + j + " (shape " + Arrays.toString(out.shape()) + ", strides "
              + Arrays.toString(out.strides()) + ") repeats elements along axis " + d);
        }
      }
      if (out.size() > 0 && (extent[0] < 0 || extent[1] >= b.capacity())) {
        throw new IllegalArgumentException(op + ": output " + j + " reaches elements [" + extent[0] + ", " + extent[1]
            + "] outside " + b);
      }
      for (int q = 0; q < j; q++) {
        if (overlap(out, outputs[q])) {
          throw new IllegalArgumentException(op + ": outputs " + q + " and " + j + " overlap in " + b);
        }
      }
      for (int i = 0; i < inputs.length; i++) {
        View in = inputs[i];
        if (!in.isImmediate() && overlap(out, in) && !(p.reduction() == null && sameView(out, in))) {
          throw new IllegalArgumentException(op + ": output " + j + " (offset " + out.offset() + ", strides "
              + Arrays.toString(out.strides()) + ") partially overlaps input " + i + " (offset " + in.offset() + ", strides "
              + Arrays.toString(in.strides()) + "); an output may only be the very same view as an input");
        }
      }
    }
    return shape;
  }

  private static long[] reduced(long[] shape, int[] axes) {
    long[] out = new long[shape.length - axes.length];
    for (int d = 0, k = 0, r = 0; d < shape.length; d++) {
      if (r < axes.length && axes[r] == d) {
        r++;
      } else {
        out[k++] = shape[d];
      }
    }
    return out;
  }

  /** The lowest and highest element a view reaches. */
  private static long[] extent(View v) {
    long lo = v.offset();
    long hi = v.offset();
    for (int d = 0; d < v.ndim(); d++) {
      long span = (v.shape()[d] - 1) * v.strides()[d];
      if (v.shape()[d] == 0) {
        return new long[] {v.offset(), v.offset() - 1};
      }
      if (span < 0) {
        lo += span;
      } else {
        hi += span;
      }
    }
    return new long[] {lo, hi};
  }

  private static boolean overlap(View a, View b) {
    if (a.buffer() != b.buffer() || a.size() == 0 || b.size() == 0) {
      return false;
    }
    long[] x = extent(a);
    long[] y = extent(b);
    return x[0] <= y[1] && y[0] <= x[1];
  }

  private static boolean sameView(View a, View b) {
    return a.buffer() == b.buffer() && a.offset() == b.offset() && Arrays.equals(a.shape(), b.shape())
        && Arrays.equals(a.strides(), b.strides());
  }

}
