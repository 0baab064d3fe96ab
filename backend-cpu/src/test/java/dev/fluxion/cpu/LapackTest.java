package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java LAPACK routines against the native ones (when a native LAPACK loads: under
 * {@code CI=true} it must, .ci/run installs OpenBLAS), on the same inputs: the same results to
 * rounding and the same failures (LAPACK's {@code info}).
 */
class LapackTest {
  private static final int[] ORDERS = {1, 2, 5, 17, 64};

  private static double[] random(Random r, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble() * 2 - 1;
    }
    return a;
  }

  /** Column-major n×n with ±n added on the diagonal. */
  private static double[] wellConditioned(Random r, int n) {
    double[] a = random(r, n * n);
    for (int i = 0; i < n; i++) {
      a[i + i * n] += r.nextBoolean() ? n : -n;
    }
    return a;
  }

  private static LapackKernels nativeOrNull() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (ci) {
      assertTrue(Lapack.isNative(), "CI=true: the native LAPACK must load (" + Lapack.implementation() + ")");
    }
    return Lapack.isNative() ? Lapack.forOrder(Integer.MAX_VALUE) : null;
  }

  @Test
  void javaAgreesWithNative() {
    LapackKernels n8 = nativeOrNull();
    org.junit.jupiter.api.Assumptions.assumeTrue(n8 != null, "no native LAPACK: " + Lapack.implementation());
    Random r = new Random(3);
    for (int n : ORDERS) {
      double[] a = wellConditioned(r, n);
      double[] b = random(r, n * 3);
      double[] a1 = a.clone();
      double[] b1 = b.clone();
      double[] a2 = a.clone();
      double[] b2 = b.clone();
      assertEquals(0, JavaLapack.INSTANCE.gesv(n, 3, a1, new int[n], b1));
      assertEquals(0, n8.gesv(n, 3, a2, new int[n], b2));
      assertArrayEquals(b2, b1, 1e-12, "gesv, n = " + n);

      double[] s = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < n; k++) {
            s[i + j * n] += a[i + k * n] * a[j + k * n];
          }
        }
        s[i + i * n] += 1;
      }
      double[] c1 = s.clone();
      double[] c2 = s.clone();
      assertEquals(0, JavaLapack.INSTANCE.potrf(n, c1));
      assertEquals(0, n8.potrf(n, c2));
      for (int j = 0; j < n; j++) {
        for (int i = j; i < n; i++) {
          assertEquals(c2[i + j * n], c1[i + j * n], 1e-10 * n, "potrf, n = " + n);
        }
      }
      for (boolean lower : new boolean[] {true, false}) {
        double[] t1 = b.clone();
        double[] t2 = b.clone();
        assertEquals(0, JavaLapack.INSTANCE.trtrs(lower, n, 3, a, t1));
        assertEquals(0, n8.trtrs(lower, n, 3, a, t2));
        assertArrayEquals(t2, t1, 1e-12, "trtrs lower=" + lower + ", n = " + n);
      }
    }
  }

  @Test
  void failuresAreReportedAsLapackDoes() {
    LapackKernels n8 = nativeOrNull();
    for (LapackKernels k : n8 == null ? new LapackKernels[] {JavaLapack.INSTANCE} : new LapackKernels[] {JavaLapack.INSTANCE, n8}) {
      // column-major [[1, 2], [2, 4]]: singular, the second pivot is zero
      assertEquals(2, k.gesv(2, 1, new double[] {1, 2, 2, 4}, new int[2], new double[] {1, 1}), k + " gesv");
      assertEquals(2, k.getrf(2, new double[] {1, 2, 2, 4}, new int[2]), k + " getrf");
      // [[1, 2], [2, 1]] is indefinite: the second pivot 1 − 4 < 0
      assertEquals(2, k.potrf(2, new double[] {1, 2, 2, 1}), k + " potrf");
      assertEquals(2, k.trtrs(true, 2, 1, new double[] {1, 5, 0, 0}, new double[] {1, 1}), k + " trtrs");
    }
  }

  /**
   * OpenBLAS's threaded LAPACK needs more stack than a JVM thread's default 1 MiB (a SIGSEGV that
   * kills the JVM): the backend calls it on its own big-stack threads, whatever thread asks.
   */
  @Test
  void aLargeSolveFromAThreadWithASmallStackWorks() throws Exception {
    int n = 300;
    double[] a = wellConditioned(new Random(9), n);
    double[] residual = new double[1];
    Thread small = new Thread(null, () -> {
      dev.fluxion.Tensor m = dev.fluxion.Tensor.from(a, n, n);
      dev.fluxion.Tensor x = dev.fluxion.Linalg.solve(m, dev.fluxion.Tensor.ones(n));
      residual[0] = m.matmul(x).sub(1.0).abs().max().item();
    }, "one-MiB-stack", 1L << 20);
    small.start();
    small.join();
    assertTrue(residual[0] < 1e-10, "max |A·x − 1| = " + residual[0]);
  }
}
