package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceStats;
import dev.fluxion.Rng;
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
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Quadrants;
import org.junit.jupiter.api.Test;

/**
 * Training loops on the device under test: a softmax regression that learns the quadrant
 * problem, memory that stays flat over thousands of scoped steps, optimizer steps that move
 * no bytes between host and device, reproducibility, and train/eval modes.
 */
public abstract class NnTrainingTests extends DeviceTest {
  /** The fraction of a data set classified correctly, evaluated without recording. */
  static double accuracy(Module model, Dataset data, DType dtype) {
    model.eval();
    long correct = 0;
    for (Batch b : DataLoader.sequential(data, 1000, dtype, Device.defaultDevice())) {
      try (Scope s = Tensor.scope()) {
        Tensor logits = dev.fluxion.Autodiff.noGrad(() -> model.forward(b.x()));
        correct += Math.round(Losses.accuracy(logits, b.y()).item() * b.size());
      }
    }
    model.train();
    return (double) correct / data.size();
  }

  /** One epoch of the standard loop; returns the mean loss. */
  static double trainEpoch(Module model, Optimizer opt, DataLoader loader) {
    double sum = 0;
    int n = 0;
    for (Batch b : loader) {
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
        opt.zeroGrad();
        loss.backward();
        opt.step();
        sum += loss.item();
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void logisticRegressionLearnsTheQuadrants() {
    Dataset train = Quadrants.make(2000, 0.03, 1);
    Dataset test = Quadrants.make(1000, 0.03, 2);
    Linear model = new Linear(2, 4, 7);
    Optimizer opt = new Adam(model.parameters(), 0.05);
    DataLoader loader = new DataLoader(train, 32, 3, DType.FLOAT64, Device.defaultDevice());
    double first = trainEpoch(model, opt, loader);
    double last = first;
    for (int epoch = 1; epoch < 10; epoch++) {
      last = trainEpoch(model, opt, loader);
    }
    double acc = accuracy(model, test, DType.FLOAT64);
    assertTrue(last < first, "the loss falls: " + first + " → " + last);
    assertTrue(acc >= 0.95, "test accuracy " + acc + " (expected >= 0.95; the label noise allows about 0.976)");
  }

  @Test
  void aTrainingLoopOf2000StepsHoldsMemoryFlat() {
    Device dev = Device.defaultDevice();
    Sequential model = new Sequential(new Linear(2, 16, 1, DType.FLOAT32, dev), new ReLU(), new Dropout(0.1, 5),
        new Linear(16, 4, 2, DType.FLOAT32, dev));
    Optimizer opt = new Adam(model.parameters(), 1e-2);
    DataLoader loader = new DataLoader(Quadrants.make(800, 0.05, 4), 8, 9, DType.FLOAT32, dev);
    int steps = 0;
    DeviceStats settled = null;
    long maxLive = 0;
    long maxInUse = 0;
    while (steps < 2000) {
      for (Batch b : loader) {
        try (Scope s = Tensor.scope()) {
          Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
          opt.zeroGrad();
          loss.backward();
          opt.step();
        }
        steps++;
        DeviceStats now = dev.stats();
        if (steps == 10) {
          settled = now;
        } else if (steps > 10) {
          maxLive = Math.max(maxLive, now.liveTensors());
          maxInUse = Math.max(maxInUse, now.inUseBytes());
        }
        if (steps == 2000) {
          break;
        }
      }
    }
    assertTrue(maxLive <= settled.liveTensors(), "live tensors grew from " + settled.liveTensors() + " after 10 steps to "
        + maxLive + " within 2000 steps");
    assertTrue(maxInUse <= settled.inUseBytes(), "bytes in use grew from " + settled.inUseBytes() + " after 10 steps to "
        + maxInUse + " within 2000 steps");
  }

  @Test
  void anOptimizerStepMovesNoBytesBetweenHostAndDevice() {
    Device dev = Device.defaultDevice();
    Linear model = new Linear(3, 2, 1, DType.FLOAT32, dev);
    Tensor x = Tensor.randn(Rng.of(2), DType.FLOAT32, dev, 4, 3).detach();
    for (Optimizer opt : new Optimizer[] {new SGD(model.parameters(), 0.1, 0.9, 1e-4, true),
        new Adam(model.parameters(), 1e-3), new dev.fluxion.nn.AdamW(model.parameters(), 1e-3)}) {
      try (Scope s = Tensor.scope()) {
        model.forward(x).square().sum().backward();
        DeviceStats before = dev.stats();
        opt.step();
        DeviceStats after = dev.stats();
        assertEquals(before.hostToDeviceBytes(), after.hostToDeviceBytes(), opt.getClass().getSimpleName() + ": host → device bytes");
        assertEquals(before.deviceToHostBytes(), after.deviceToHostBytes(), opt.getClass().getSimpleName() + ": device → host bytes");
        assertTrue(after.kernelLaunches() > before.kernelLaunches(), "the step ran kernels on the device");
        opt.zeroGrad();
      }
    }
  }

  private static double[] lossCurve(long seed) {
    Device dev = Device.defaultDevice();
    Sequential model = new Sequential(new Linear(2, 8, seed, DType.FLOAT32, dev), new ReLU(), new Dropout(0.2, seed),
        new Linear(8, 4, seed + 1, DType.FLOAT32, dev));
    Optimizer opt = new Adam(model.parameters(), 1e-2);
    DataLoader loader = new DataLoader(Quadrants.make(256, 0.05, 4), 32, seed, DType.FLOAT32, dev);
    double[] losses = new double[3];
    for (int e = 0; e < losses.length; e++) {
      losses[e] = trainEpoch(model, opt, loader);
    }
    return losses;
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    double[] a = lossCurve(5);
    double[] b = lossCurve(5);
    double[] c = lossCurve(6);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "two runs with seed 5");
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c), "seeds 5 and 6 differ");
  }

  @Test
  void dropoutDropsInTrainingAndNotInEvaluation() {
    Dropout d = new Dropout(0.25, 3);
    Tensor x = Tensor.ones(DType.FLOAT64, Device.defaultDevice(), 4000);
    double[] y = d.forward(x).toDoubleArray();
    int zeros = 0;
    for (double v : y) {
      assertTrue(v == 0 || Math.abs(v - 1 / 0.75) < 1e-12, "a kept element is scaled by 1/(1-p): " + v);
      zeros += v == 0 ? 1 : 0;
    }
    assertTrue(Math.abs(zeros / 4000.0 - 0.25) < 0.03, "about a quarter dropped: " + zeros);
    assertNotEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(d.forward(x).toDoubleArray()),
        "each call draws a new mask");
    d.eval();
    assertEquals(4000.0, d.forward(x).sum().item(), "identity in evaluation mode");
  }
}
