package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The elementwise loops give the scalar definition's values whether or not they route to the
 * SIMD kernels: once every kernel is compiled, each op on double and float arrays must agree
 * with {@link DoubleLoops#apply} within a few ulp.
 */
class SimdRoutingTest {
  private static final int N = 4099;

  private static void awaitCompiled(int kernel) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!SimdWarmup.ready(kernel)) {
      assertTrue(System.nanoTime() < deadline, "SIMD kernel " + kernel + " not compiled within 120 s");
      Thread.sleep(50);
    }
  }

  private static double[] inputs(UnaryOp op) {
    Random r = new Random(op.ordinal());
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = switch (op) {
        case LOG -> 1e-3 + 50 * r.nextDouble();
        case LOG1P -> -0.9 + 10 * r.nextDouble();
        default -> -20 + 40 * r.nextDouble();
      };
    }
    return x;
  }

  @Test
  void transcendentalsAgreeWithTheScalarDefinition() throws InterruptedException {
    assumeTrue(Simd.ENABLED, "the JVM runs without --add-modules jdk.incubator.vector: only scalar loops exist");
    for (UnaryOp op : UnaryOp.values()) {
      if (!SimdLoops.covers(op)) {
        continue;
      }
      awaitCompiled(SimdWarmup.unary(op, false));
      awaitCompiled(SimdWarmup.unary(op, true));
      double[] x = inputs(op);
      double[] y = new double[N];
      DoubleLoops.unary(op, x, 0, y, 0, N);
      float[] xf = new float[N];
      float[] yf = new float[N];
      for (int i = 0; i < N; i++) {
        xf[i] = (float) x[i];
      }
      FloatLoops.unary(op, xf, 0, yf, 0, N);
      for (int i = 0; i < N; i++) {
        double want = DoubleLoops.apply(op, x[i]);
        assertEquals(want, y[i], 4 * Math.ulp(want), op + " double at " + x[i]);
        float wantF = (float) DoubleLoops.apply(op, xf[i]);
        assertEquals(wantF, yf[i], 2 * Math.ulp(wantF), op + " float at " + xf[i]);
      }
    }
  }

  @Test
  void powAgreesWithMathPow() throws InterruptedException {
    assumeTrue(Simd.ENABLED, "the JVM runs without --add-modules jdk.incubator.vector: only scalar loops exist");
    awaitCompiled(SimdWarmup.POW_DOUBLE);
    awaitCompiled(SimdWarmup.POW_SCALAR_DOUBLE);
    Random r = new Random(7);
    double[] a = new double[N];
    double[] b = new double[N];
    for (int i = 0; i < N; i++) {
      a[i] = 0.01 + 20 * r.nextDouble();
      b[i] = -8 + 16 * r.nextDouble();
    }
    double[] y = new double[N];
    DoubleLoops.binary(BinaryOp.POW, a, 0, 1, b, 0, 1, y, 0, N);
    double[] ys = new double[N];
    DoubleLoops.binary(BinaryOp.POW, a, 0, 1, new double[] {1.0 / 22930}, 0, 0, ys, 0, N);
    for (int i = 0; i < N; i++) {
      double want = Math.pow(a[i], b[i]);
      assertEquals(want, y[i], 4 * Math.ulp(want), "pow(" + a[i] + ", " + b[i] + ")");
      double wantS = Math.pow(a[i], 1.0 / 22930);
      assertEquals(wantS, ys[i], 4 * Math.ulp(wantS), "pow(" + a[i] + ", 1/22930)");
    }
  }
}
