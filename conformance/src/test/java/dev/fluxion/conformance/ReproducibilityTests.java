package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.DType;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Dropout;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same numbers, bit for bit, however often a computation runs in the
 * process (the CPU compiles its SIMD kernels in the background meanwhile) and whatever the
 * length of the tensor an element is computed in. (The CLI module runs {@code fluxion train} in
 * fresh JVMs with every warm-up setting, and backend-cpu checks each SIMD kernel against its
 * scalar twin.)
 */
public abstract class ReproducibilityTests extends DeviceTest {
  /** Losses and final parameters of a small seeded training run (tanh, dropout, softmax: SIMD ops on the CPU). */
  private List<double[]> train(DType dtype) {
    Rng rng = Rng.of(2024);
    Sequential model = new Sequential(new Linear(20, 64, true, rng, dtype, device()), new Tanh(),
        new Dropout(0.2, rng.split()), new Linear(64, 5, true, rng, dtype, device()));
    Adam opt = new Adam(model.parameters(), 0.01);
    Tensor x = Tensor.randn(rng, dtype, device(), 256, 20).detach();
    long[] labels = new long[256];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7 + i / 3) % 5;
    }
    Tensor y = Tensor.from(labels, 256);
    List<double[]> out = new ArrayList<>();
    double[] losses = new double[20];
    for (int step = 0; step < losses.length; step++) {
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(model.forward(x), y.to(device()));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        losses[step] = loss.item();
      }
    }
    out.add(losses);
    model.parameters().forEach(p -> out.add(p.toDoubleArray()));
    return out;
  }

  @Test
  void trainingTwiceGivesTheSameBits() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      List<double[]> first = train(t);
      List<double[]> again = train(t);
      assertEquals(first.size(), again.size());
      for (int i = 0; i < first.size(); i++) {
        assertArrayEquals(first.get(i), again.get(i), t + ", " + (i == 0 ? "losses" : "parameter " + (i - 1)));
      }
    }
  }

  /** exp(atan(82x³+log x))·sqrt(25x^(1/22930)+39e^(2/x)−sin x) and its derivative. */
  private static Tensor[] sweep(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    Tensor root = x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt();
    Tensor f = inner.mul(root);
    f.backward();
    return new Tensor[] {f, x.grad()};
  }

  @Test
  void anElementsValueDoesNotDependOnTheLengthOfItsTensor() {
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      double[] xs = Tensor.linspace(t, device(), 1, 10, 1000).toDoubleArray();
      Tensor whole = Tensor.from(xs, t, device(), false, xs.length);
      Tensor[] all = sweep(whole);
      double[] f = all[0].toDoubleArray();
      double[] df = all[1].toDoubleArray();
      for (int from = 0, len = 1; from < xs.length; from += len, len = len * 2 + 1) {
        int n = Math.min(len, xs.length - from);
        Tensor part = Tensor.from(Arrays.copyOfRange(xs, from, from + n), t, device(), false, n);
        Tensor[] r = sweep(part);
        assertArrayEquals(Arrays.copyOfRange(f, from, from + n), r[0].toDoubleArray(), t + " f, elements " + from + "..");
        assertArrayEquals(Arrays.copyOfRange(df, from, from + n), r[1].toDoubleArray(), t + " f', elements " + from + "..");
      }
    }
  }
}
