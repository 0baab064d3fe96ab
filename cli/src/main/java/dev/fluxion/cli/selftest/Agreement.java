package dev.fluxion.cli.selftest;

import dev.fluxion.DType;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a device's result agrees with the CPU's: same dtype and shape, floating values within
 * a relative tolerance of the dtype (FLOAT32 1e-4, FLOAT64 1e-10, with an absolute floor for
 * values near zero), integers and booleans exactly, NaN where the CPU has NaN.
 */
final class Agreement {
  private Agreement() {}

  /** Null when they agree, else what differs. */
  static String check(Tensor expected, Tensor actual) {
    if (expected.dtype() != actual.dtype()) {
      return "dtype " + actual.dtype().numpyName() + " on the device, " + expected.dtype().numpyName() + " on the CPU";
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      return "shape " + Arrays.toString(actual.shape()) + " on the device, " + Arrays.toString(expected.shape()) + " on the CPU";
    }
    double rtol = expected.dtype() == DType.FLOAT32 ? 1e-4 : expected.dtype() == DType.FLOAT64 ? 1e-10 : 0;
    double atol = rtol / 10;
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      boolean same = e[i] == a[i] || (Double.isNaN(e[i]) && Double.isNaN(a[i]));
      if (!same && !(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
        return String.format(Locale.ROOT, "element %d is %s on the device, %s on the CPU (tolerance %.0e relative)", i, a[i], e[i],
            rtol);
      }
    }
    return null;
  }
}
