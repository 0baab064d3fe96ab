package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.AdamW;
import dev.fluxion.nn.Conv2d;
import dev.fluxion.nn.Dropout;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.MaxPool2d;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.SGD;
import dev.fluxion.nn.Sequential;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The nn API: parameter bookkeeping, optimizer updates against their formulas computed by hand,
 * loss values against direct formulas, and a clear exception for every bad input.
 */
public abstract class NnApiTests extends DeviceTest {
  private static Device dev() {
    return Device.defaultDevice();
  }

  private static String message(Class<? extends Throwable> type, Runnable r) {
    return assertThrows(type, r::run).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }
  }

  @Test
  void parametersAreNamedLikeAStateDict() {
    Sequential m = new Sequential(new Linear(3, 4, 1), new ReLU(), new Linear(4, 2, false, 2, DType.FLOAT64, dev()));
    assertEquals("[0.weight, 0.bias, 2.weight]", m.namedParameters().keySet().toString());
    assertEquals(3 * 4 + 4 + 4 * 2, m.parameterCount());
    assertArrayEquals(new long[] {4, 3}, m.parameters().get(0).shape());
    assertTrue(m.parameters().stream().allMatch(Tensor::isVariable));
    assertTrue(m.toString().contains("(0): Linear(3 → 4)"), m.toString());
    m.eval();
    assertTrue(!m.get(0).isTraining(), "eval() reaches the children");
    m.train();
    assertTrue(m.get(2).isTraining());
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    assertArrayEquals(new Linear(5, 3, 9).weight().toDoubleArray(), new Linear(5, 3, 9).weight().toDoubleArray());
    double[] w = new Linear(100, 50, 1).weight().toDoubleArray();
    double bound = Math.sqrt(6.0 / 100);
    double max = 0;
    for (double v : w) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.9 * bound, "Kaiming-uniform within ±√(6/in) = " + bound + ": " + max);
  }

  @Test
  void toDTypeMakesNewLeaves() {
    Linear l = new Linear(2, 3, 1);
    double[] before = l.weight().toDoubleArray();
    l.to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, l.weight().dtype());
    assertTrue(l.weight().isVariable());
    double[] after = l.weight().toDoubleArray();
    for (int i = 0; i < before.length; i++) {
      assertEquals((float) before[i], after[i], 0.0);
    }
    assertSame(l, l.to(dev()), "moving to the device it is on changes nothing");
  }

  /** One step of an optimizer on θ with the gradient of Σ c·θ (so ∇ = c). */
  private static double[] stepWith(Function<List<Tensor>, Optimizer> make, double[] theta, double[] c, int steps) {
    Tensor p = Tensor.of(theta);
    Optimizer opt = make.apply(List.of(p));
    Tensor coef = Tensor.constant(c);
    for (int i = 0; i < steps; i++) {
      opt.zeroGrad();
      p.mul(coef).sum().backward();
      opt.step();
    }
    return p.toDoubleArray();
  }

  @Test
  void sgdWithMomentumAndWeightDecayFollowsItsFormula() {
    double lr = 0.1;
    double mu = 0.9;
    double wd = 0.01;
    double theta = 2;
    double c = 3;
    double b = 0;
    for (int t = 0; t < 3; t++) {
      double g = c + wd * theta;
      b = mu * b + g;
      theta -= lr * b;
    }
    assertEquals(theta, stepWith(ps -> new SGD(ps, lr, mu, wd, false), new double[] {2}, new double[] {3}, 3)[0], 1e-12);
    assertEquals(2 - 0.1 * 3 * 2, stepWith(ps -> new SGD(ps, 0.1), new double[] {2}, new double[] {3}, 2)[0], 1e-12);
  }

  @Test
  void adamFollowsItsFormula() {
    double[] theta = {1.0, -2.0};
    double[] c = {0.5, -4.0};
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double wd = 0.1;
    double[] adam = theta.clone();
    double[] adamW = theta.clone();
    double[] m = new double[2];
    double[] v = new double[2];
    double[] mw = new double[2];
    double[] vw = new double[2];
    for (int t = 1; t <= 3; t++) {
      for (int i = 0; i < 2; i++) {
        double g = c[i] + wd * adam[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        adam[i] -= lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
        adamW[i] *= 1 - lr * wd;
        mw[i] = b1 * mw[i] + (1 - b1) * c[i];
        vw[i] = b2 * vw[i] + (1 - b2) * c[i] * c[i];
        adamW[i] -= lr * (mw[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(vw[i] / (1 - Math.pow(b2, t))) + eps);
      }
    }
    Approx.assertClose(adam, stepWith(ps -> new Adam(ps, lr, b1, b2, eps, wd), theta, c, 3), 1e-12, 1e-12, "Adam");
    Approx.assertClose(adamW, stepWith(ps -> new AdamW(ps, lr, b1, b2, eps, wd), theta, c, 3), 1e-12, 1e-12, "AdamW");
  }

  @Test
  void lossesMatchTheirFormulas() {
    Tensor z = Tensor.of(new double[][] {{1, 2, 3}, {1000, 0, -1000}});
    Tensor y = Tensor.of(2L, 1L);
    double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
    double row1 = 1000;  // logsumexp ≈ 1000, minus z[1][1] = 0: stable despite e^1000
    assertEquals((row0 + row1) / 2, Losses.crossEntropy(z, y).item(), 1e-12);
    assertEquals(0.5, Losses.accuracy(z, y).item());
    assertEquals((9.0 + 4.0) / 2, Losses.mse(Tensor.of(1.0, 2.0), Tensor.constant(4.0, 4.0)).item(), 1e-12);
    double bce = -(Math.log(0.8) + Math.log(0.4)) / 2;
    assertEquals(bce, Losses.binaryCrossEntropy(Tensor.of(0.2, 0.4), Tensor.constant(0.0, 1.0)).item(), 1e-12);
    assertEquals(100, Losses.binaryCrossEntropy(Tensor.of(0.0), Tensor.constant(1.0).reshape()).item(), 1e-12,
        "log clamped at -100");
    double x = -30;
    assertEquals(30 + Math.log1p(Math.exp(-30)), Losses.binaryCrossEntropyWithLogits(Tensor.of(x), Tensor.constant(1.0).reshape())
        .item(), 1e-12, "stable for large |x|");
  }

  @Test
  void badInputsGiveClearErrors() {
    Linear l = new Linear(3, 2, 1);
    assertMentions(message(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(4, 5))), "Linear(3 → 2)", "[4, 5]");
    assertMentions(message(IllegalArgumentException.class, () -> new Linear(0, 2, 1)), "in=0");
    Tensor logits = Tensor.zeros(4, 3);
    assertMentions(message(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.of(0.0, 1, 2, 0))),
        "int32 or int64", "float64");
    assertMentions(message(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.of(0, 1, 2))),
        "shape (4)", "[3]");
    assertMentions(message(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(4), Tensor.of(0, 1, 2, 0))),
        "(N, C)", "[4]");
    assertMentions(message(IllegalArgumentException.class, () -> Losses.mse(Tensor.zeros(2, 3), Tensor.zeros(3, 2))),
        "[2, 3]", "[3, 2]");
    assertMentions(message(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy(Tensor.zeros(2), Tensor.zeros(3))),
        "[2]", "[3]");
    assertMentions(message(IllegalArgumentException.class, () -> new Conv2d(2, 3, 3, 1).forward(Tensor.zeros(1, 1, 5, 5))),
        "Conv2d(2 → 3", "(N, 2, H, W)", "[1, 1, 5, 5]");
    assertMentions(message(IllegalArgumentException.class, () -> new Conv2d(1, 1, 5, 1).forward(Tensor.zeros(1, 1, 3, 3))),
        "smaller than the kernel");
    assertMentions(message(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(4, 4))), "(N, C, H, W)");
    assertMentions(message(IllegalArgumentException.class, () -> new Dropout(1.0, 1)), "[0, 1)");
    assertMentions(message(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1)), "no parameters");
    assertMentions(message(IllegalArgumentException.class, () -> new SGD(List.of(Tensor.constant(1.0)), 0.1)), "variable");
    Tensor p = Tensor.of(1.0);
    assertMentions(message(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1)), "listed twice");
    assertMentions(message(IllegalArgumentException.class, () -> new Adam(List.of(p), -1)), "lr");
    assertMentions(message(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 1.0, 0.999, 1e-8, 0)), "betas");
    assertMentions(message(IllegalArgumentException.class, () -> l.to(DType.INT32)), "floating");
    assertMentions(message(IllegalArgumentException.class, () -> l.call(java.util.Map.of("w", Tensor.zeros(2, 3)), Tensor.zeros(3))),
        "no parameter 'w'", "[weight, bias]");
  }

  @Test
  void labelsOutOfRangeAreReportedOnTheCpuAndPoisonTheLossElsewhere() {
    if (dev().family().equals("cpu")) {
      assertMentions(message(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.of(0, 3))),
          "label 3 at index 1", "[0, 3)");
    } else {
      // Checking labels on a device would read them back to the host on every step; instead the
      // one-hot row of a bad label is all zero, and the loss is NaN.
      Tensor loss = Losses.crossEntropy(Tensor.zeros(2, 3), Tensor.of(0, 3));
      assertTrue(Double.isNaN(loss.item()), "an out-of-range label must make the loss NaN, got " + loss.item());
    }
  }

  @Test
  void aModuleIsAFunctionOfItsParameters() {
    Module l = new Linear(2, 1, 3);
    Tensor x = Tensor.constant(new double[][] {{1, 2}});
    Tensor w = Tensor.constant(new double[][] {{10, 20}});
    assertEquals(50 + l.namedParameters().get("bias").item(), l.call(java.util.Map.of("weight", w), x).item(), 1e-12);
    assertTrue(l.namedParameters().get("weight").isVariable(), "own parameters back in place");
  }
}
