package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.GradCheck;
import dev.fluxion.Tensor;
import java.util.Arrays;

/** Assertions on tensor values, shapes and gradient-check reports, with messages that say where. */
final class Approx {
  private Approx() {}

  /** Every element within {@code atol + rtol·|expected|}; NaN matches NaN, ±Inf match exactly. */
  static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
    assertEquals(expected.length, actual.length, () -> what + ": element count (got " + Arrays.toString(actual) + ")");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok = e == a || (Double.isNaN(e) && Double.isNaN(a)) || Math.abs(a - e) <= atol + rtol * Math.abs(e);
      if (!ok) {
        fail(what + ": element " + i + " is " + a + ", expected " + e + " (|diff| " + Math.abs(a - e)
            + ")\n  expected " + Arrays.toString(expected) + "\n  actual   " + Arrays.toString(actual));
      }
    }
  }

  /** Shape and values of a tensor, each within {@code tol·max(1, |expected|)}. */
  static void assertTensor(long[] shape, double[] expected, Tensor actual, double tol, String what) {
    assertNotNull(actual, what + ": tensor is null");
    assertArrayEquals(shape, actual.shape(), () -> what + ": shape " + Arrays.toString(actual.shape()));
    assertClose(expected, actual.toDoubleArray(), tol, tol, what);
  }

  /** Values of a tensor (shape checked by element count only), within {@code tol·max(1, |expected|)}. */
  static void assertValues(double[] expected, Tensor actual, double tol, String what) {
    assertNotNull(actual, what + ": tensor is null");
    assertClose(expected, actual.toDoubleArray(), tol, tol, what);
  }

  /** Shape and values of a tensor, each within {@code rtol·|expected|} (plus 1e-300 for zeros). */
  static void assertRelative(long[] shape, double[] expected, Tensor actual, double rtol, String what) {
    assertNotNull(actual, what + ": tensor is null");
    assertArrayEquals(shape, actual.shape(), () -> what + ": shape " + Arrays.toString(actual.shape()));
    assertClose(expected, actual.toDoubleArray(), rtol, 1e-300, what);
  }

  /** Exact values (integers, indices, hand-computed movement results). */
  static void assertExact(double[] expected, Tensor actual, String what) {
    assertNotNull(actual, what + ": tensor is null");
    assertArrayEquals(expected, actual.toDoubleArray(), what);
  }

  static void assertShape(long[] expected, Tensor actual, String what) {
    assertArrayEquals(expected, actual.shape(), () -> what + ": shape " + Arrays.toString(actual.shape()));
  }

  static void assertPasses(GradCheck.Report report, String what) {
    assertTrue(report.passed(), () -> what + ": " + report);
  }

  /** The exception's message contains every fragment (case-sensitive). */
  static void assertMentions(Throwable e, String... fragments) {
    String m = String.valueOf(e.getMessage());
    for (String f : fragments) {
      assertTrue(m.contains(f), () -> "message should mention '" + f + "': " + m);
    }
  }

  /** {@code [2, 3]}: how the engine prints shapes in messages. */
  static String shape(long... s) {
    return Arrays.toString(s);
  }
}
