package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Dropout;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.SGD;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.Trainer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Trainer#compile}: the compiled training step (forward, backward, the optimizer's update
 * and zeroGrad as one plan) gives the eager step's losses and parameters, retraces for a partial
 * batch, and holds memory flat over thousands of steps.
 */
abstract class CompiledTrainingTests extends DeviceTest {
  private static Module mlp(DType dtype, long seed) {
    Device d = Device.defaultDevice();
    return new Sequential(new Linear(20, 32, seed, dtype, d), new ReLU(), new Linear(32, 16, seed + 1, dtype, d), new ReLU(),
        new Linear(16, 4, seed + 2, dtype, d));
  }

  private static Tensor[] batch(Random r, int n, DType dtype) {
    double[] x = new double[n * 20];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(4);
      for (int j = 0; j < 20; j++) {
        x[i * 20 + j] = r.nextGaussian() + (j % 4 == y[i] ? 1.5 : 0);
      }
    }
    Device d = Device.defaultDevice();
    return new Tensor[] {Tensor.from(x, dtype, d, true, n, 20), Tensor.from(y, n).to(d)};
  }

  @Test
  void fiftyCompiledAdamStepsGiveTheEagerLossesInFloat64() {
    compareWithEager(m -> new Adam(m.parameters(), 1e-2), 1e-6);
  }

  @Test
  void fiftyCompiledSgdStepsGiveTheEagerLossesInFloat64() {
    compareWithEager(m -> new SGD(m.parameters(), 0.05, 0.9, 0, false), 1e-6);
  }

  private void compareWithEager(java.util.function.Function<Module, Optimizer> opt, double rtol) {
    Module eager = mlp(DType.FLOAT64, 11);
    Module compiled = mlp(DType.FLOAT64, 11);
    Optimizer eagerOpt = opt.apply(eager);
    Optimizer compiledOpt = opt.apply(compiled);
    Trainer.CompiledStep step = Trainer.compile(compiled, Losses::crossEntropy, compiledOpt);
    assertTrue(step.isCompiled());
    Random r = new Random(5);
    for (int s = 0; s < 50; s++) {
      Tensor[] b = batch(r, s % 10 == 9 ? 7 : 16, DType.FLOAT64); // every tenth batch is partial
      try (Scope scope = Tensor.scope()) {
        double want = Trainer.eagerStep(eager, Losses::crossEntropy, eagerOpt, b[0], b[1]).item();
        double got = step.apply(b[0], b[1]).item();
        assertEquals(want, got, rtol * Math.abs(want), "loss of step " + s);
      }
    }
    assertEquals(eagerOpt.steps(), compiledOpt.steps(), "the step count goes on");
    assertEquals(2, step.compiled().traces(), "one trace per batch shape (16 and the partial 7)");
    List<Tensor> pe = eager.parameters();
    List<Tensor> pc = compiled.parameters();
    for (int i = 0; i < pe.size(); i++) {
      Approx.assertClose(pe.get(i).toDoubleArray(), pc.get(i).toDoubleArray(), rtol, 1e-12, "parameter " + i + " after 50 steps");
      assertEquals(null, pc.get(i).grad(), "gradients are cleared after a compiled step");
    }
  }

  @Test
  void memoryStaysFlatOverTwoThousandCompiledSteps() {
    Module m = mlp(DType.FLOAT32, 3);
    Trainer.CompiledStep step = Trainer.compile(m, Losses::crossEntropy, new Adam(m.parameters(), 1e-3));
    Random r = new Random(1);
    Tensor[][] batches = new Tensor[8][];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = batch(r, 8, DType.FLOAT32);
    }
    Device d = Device.defaultDevice();
    long start = 0;
    double first = 0;
    double last = 0;
    for (int s = 0; s < 2000; s++) {
      try (Scope scope = Tensor.scope()) {
        Tensor[] b = batches[s % batches.length];
        double loss = step.apply(b[0], b[1]).item();
        first = s == 0 ? loss : first;
        last = loss;
      }
      if (s == 99) {
        d.synchronize();
        start = d.stats().inUseBytes();
      }
    }
    d.synchronize();
    assertTrue(d.stats().inUseBytes() <= start, "memory in use after 2,000 steps: " + d.stats().inUseBytes() + " bytes, "
        + start + " after 100");
    assertEquals(1, step.compiled().traces());
    assertTrue(last < first, "the compiled steps train: loss " + first + " -> " + last);
    long[] launches = new long[2];
    for (int k = 0; k < 2; k++) {
      d.synchronize();
      long before = d.stats().kernelLaunches();
      try (Scope scope = Tensor.scope()) {
        step.apply(batches[k][0], batches[k][1]);
      }
      d.synchronize();
      launches[k] = d.stats().kernelLaunches() - before;
    }
    assertEquals(launches[0], launches[1], "every replay launches the planned kernels: " + step.compiled().describePlan());
    // a backend call is one launch on the CPU and with generated fused kernels (more with OpenCL's interpreter path)
    assertTrue(step.compiled().launchesPerCall() <= 40 && step.compiled().launchesPerCall() <= launches[0],
        launches[0] + " launches for " + step.compiled().describePlan());
  }

  @Test
  void aModelWithDropoutTrainsEagerly() {
    Module m = new Sequential(new Linear(20, 4, 1, DType.FLOAT64, Device.defaultDevice()), new Dropout(0.5, 2));
    Trainer.CompiledStep step = Trainer.compile(m, Losses::crossEntropy, new Adam(m.parameters(), 1e-3));
    assertFalse(step.isCompiled(), "dropout draws new masks at every step: a plan would replay one");
    Tensor[] b = batch(new Random(2), 4, DType.FLOAT64);
    step.apply(b[0], b[1]);
    assertEquals(0, step.compiled().traces());
  }
}
