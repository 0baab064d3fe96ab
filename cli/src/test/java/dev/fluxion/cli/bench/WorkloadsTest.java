package dev.fluxion.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import org.junit.jupiter.api.Test;

/** Each workload computes what its documentation says, on the CPU in float64. */
class WorkloadsTest {
  /** f'(x) at x = 1, 2, …, 10 for the sweep's formula (as in SweepCommandTest). */
  private static final double[] DERIVATIVE_AT_1_TO_10 = {-7.44764313e+01, -1.09475963e+01, -3.78281290e+00,
      -1.86451297e+00, -1.29207692e+00, -1.07197583e+00, -7.90459238e-01, -3.96212428e-01, -8.16203127e-02,
      -3.17648949e-02};

  private static double[] run(Workload w) {
    try (Workload.Body body = w.prepare(Device.cpu(), DType.FLOAT64); Scope scope = Tensor.scope()) {
      return body.run().toDoubleArray();
    }
  }

  private static double[] values(Tensor t) {
    return t.toDoubleArray();
  }

  @Test
  void elementwiseChainIsLogOfOnePlusATanhOfAbPlusC() {
    int n = 1000;
    double[] a = values(Tensor.rand(Rng.of(20240611L), DType.FLOAT64, Device.cpu(), n));
    double[] b = values(Tensor.rand(Rng.of(20240612L), DType.FLOAT64, Device.cpu(), n));
    double[] c = values(Tensor.rand(Rng.of(20240613L), DType.FLOAT64, Device.cpu(), n));
    double[] got = run(Workloads.elementwise(n));
    for (int i = 0; i < n; i++) {
      assertEquals(Math.log(1 + a[i] * Math.tanh(a[i] * b[i] + c[i])), got[i], 1e-14, "element " + i);
    }
  }

  @Test
  void reductionSumsTheInputs() {
    double[] x = values(Tensor.randn(Rng.of(20240611L), DType.FLOAT64, Device.cpu(), 5000));
    double want = 0;
    for (double v : x) {
      want += v;
    }
    double[] got = run(Workloads.reduction(5000));
    assertEquals(1, got.length);
    assertEquals(want, got[0], 1e-10);
  }

  @Test
  void matmulMultipliesTheMatrices() {
    int n = 7;
    double[] a = values(Tensor.randn(Rng.of(20240611L), DType.FLOAT64, Device.cpu(), n, n));
    double[] b = values(Tensor.randn(Rng.of(20240612L), DType.FLOAT64, Device.cpu(), n, n));
    double[] got = run(Workloads.matmul(n));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double want = 0;
        for (int k = 0; k < n; k++) {
          want += a[i * n + k] * b[k * n + j];
        }
        assertEquals(want, got[i * n + j], 1e-12, "element " + i + "," + j);
      }
    }
  }

  @Test
  void sweepGivesTheFormulasDerivative() {
    double[] got = run(Workloads.sweep(10));
    for (int i = 0; i < 10; i++) {
      assertEquals(DERIVATIVE_AT_1_TO_10[i], got[i], 1e-7 * Math.abs(DERIVATIVE_AT_1_TO_10[i]), "x = " + (i + 1));
    }
  }

  @Test
  void theFusedSweepGivesTheSameDerivative() {
    double[] got = run(Workloads.fusedSweep(10));
    for (int i = 0; i < 10; i++) {
      assertEquals(DERIVATIVE_AT_1_TO_10[i], got[i], 1e-7 * Math.abs(DERIVATIVE_AT_1_TO_10[i]), "x = " + (i + 1));
    }
  }

  @Test
  void theCompiledSweepGivesTheSameDerivativeOnEveryRun() {
    try (Workload.Body body = Workloads.compiledSweep(10).prepare(Device.cpu(), DType.FLOAT64)) {
      for (int run = 0; run < 3; run++) { // the trace, then replays
        try (Scope scope = Tensor.scope()) {
          double[] got = body.run().toDoubleArray();
          for (int i = 0; i < 10; i++) {
            assertEquals(DERIVATIVE_AT_1_TO_10[i], got[i], 1e-7 * Math.abs(DERIVATIVE_AT_1_TO_10[i]), "x = " + (i + 1));
          }
        }
      }
    }
  }

  @Test
  void theMlpStepLowersTheLossOfItsBatch() {
    try (Workload.Body body = Workloads.mlpStep(32).prepare(Device.cpu(), DType.FLOAT64)) {
      double first;
      try (Scope scope = Tensor.scope()) {
        first = body.run().item();
      }
      assertEquals(Math.log(10), first, 0.5, "about log 10 at the start (10 classes)");
      double last = first;
      for (int i = 0; i < 30; i++) {
        try (Scope scope = Tensor.scope()) {
          last = body.run().item();
        }
      }
      assertTrue(last < first - 0.5, "Adam steps on one batch fit it: " + first + " -> " + last);
    }
  }

  @Test
  void labelsNameTheWorkloadAndItsSize() {
    assertEquals("matmul 1024", Workloads.matmul(1024).label());
    assertEquals("sweep 1000000", Workloads.sweep(1_000_000).label());
  }
}
