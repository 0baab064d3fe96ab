package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.GradCheck;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Conv2d;
import dev.fluxion.nn.Dropout;
import dev.fluxion.nn.Flatten;
import dev.fluxion.nn.GELU;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.MaxPool2d;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.Sigmoid;
import dev.fluxion.nn.Tanh;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every layer and loss of {@code dev.fluxion.nn} against central finite differences
 * ({@code GradCheck.defaults().vjp}, FLOAT64), with respect to the input and to every
 * parameter (through {@link Module#call}, the functional form of a module).
 */
public abstract class NnGradientTests extends DeviceTest {
  private static Tensor input(long seed, long... shape) {
    return Tensor.randn(Rng.of(seed), DType.FLOAT64, dev(), shape);
  }

  private static dev.fluxion.Device dev() {
    return dev.fluxion.Device.defaultDevice();
  }

  private static void assertPasses(GradCheck.Report r, String what) {
    assertTrue(r.passed(), what + ": " + r);
  }

  /** Checks d(module(x))/dx and d(module(x))/dθ for every parameter θ at once. */
  private static void checkModule(String what, Module m, Tensor x) {
    Map<String, Tensor> params = m.namedParameters();
    List<String> names = List.copyOf(params.keySet());
    Tensor[] args = new Tensor[names.size() + 1];
    args[0] = x;
    for (int i = 0; i < names.size(); i++) {
      args[i + 1] = params.get(names.get(i));
    }
    Function<Tensor[], Tensor> f = a -> {
      Map<String, Tensor> repl = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        repl.put(names.get(i), a[i + 1]);
      }
      return m.call(repl, a[0]);
    };
    assertPasses(GradCheck.defaults().vjpN(f, args), what);
  }

  @Test
  void linear() {
    checkModule("Linear(3 → 2)", new Linear(3, 2, 1), input(2, 4, 3));
  }

  @Test
  void linearOnABatchOfSequences() {
    checkModule("Linear(3 → 2) on (2, 2, 3)", new Linear(3, 2, 5), input(6, 2, 2, 3));
  }

  @Test
  void linearWithoutBias() {
    checkModule("Linear(3 → 2, no bias)", new Linear(3, 2, false, 1, DType.FLOAT64, dev()), input(2, 2, 3));
  }

  @Test
  void activations() {
    Tensor x = Tensor.of(-1.7, -0.4, 0.3, 1.1, 2.5);
    assertPasses(GradCheck.defaults().vjp(new ReLU()::forward, x), "ReLU");
    assertPasses(GradCheck.defaults().vjp(new Tanh()::forward, x), "Tanh");
    assertPasses(GradCheck.defaults().vjp(new Sigmoid()::forward, x), "Sigmoid");
    assertPasses(GradCheck.defaults().vjp(new GELU()::forward, x), "GELU");
  }

  @Test
  void geluMatchesItsDefinition() {
    // x·Φ(x) = ½x(1 + erf(x/√2)), reference values from Python's math.erf.
    Tensor x = Tensor.of(-2.0, -0.5, 0.0, 0.7, 3.0);
    double[] expected = {-0.04550026389635842, -0.15426876936299344, 0.0, 0.5306254434438489, 2.99595030590511};
    double[] y = new GELU().forward(x).toDoubleArray();
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Math.abs(y[i] - expected[i]) < 1e-14, "GELU element " + i + " = " + y[i] + ", expected " + expected[i]);
    }
  }

  @Test
  void dropoutWithAFixedMask() {
    // A new layer per call: call 0 of the same seed always draws the same mask.
    Tensor x = input(3, 4, 5);
    assertPasses(GradCheck.defaults().vjp(t -> new Dropout(0.5, 11).forward(t), x), "Dropout(0.5)");
  }

  @Test
  void sequentialMlp() {
    Sequential mlp = new Sequential(new Linear(4, 5, 1), new Tanh(), new Linear(5, 3, 2));
    checkModule("Linear-Tanh-Linear", mlp, input(4, 3, 4));
  }

  @Test
  void conv2d() {
    checkModule("Conv2d(2 → 3, k=3, pad=1)",
        new Conv2d(2, 3, 3, 1, 1, 7, DType.FLOAT64, dev()), input(8, 2, 2, 5, 4));
  }

  @Test
  void conv2dWithStride() {
    checkModule("Conv2d(1 → 2, k=2, stride=2)",
        new Conv2d(1, 2, 2, 2, 0, 9, DType.FLOAT64, dev()), input(10, 1, 1, 5, 5));
  }

  @Test
  void conv2dMatchesADirectSum() {
    Conv2d conv = new Conv2d(2, 3, 3, 2, 1, 4, DType.FLOAT64, dev());
    Tensor x = input(12, 2, 2, 5, 6);
    Tensor y = conv.forward(x);
    assertArrayEquals(new long[] {2, 3, 3, 3}, y.shape());
    double[] xv = x.toDoubleArray();
    double[] w = conv.weight().toDoubleArray();
    double[] b = conv.bias().toDoubleArray();
    double[] got = y.toDoubleArray();
    int idx = 0;
    for (int n = 0; n < 2; n++) {
      for (int o = 0; o < 3; o++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            double s = b[o];
            for (int c = 0; c < 2; c++) {
              for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                  int r = 2 * i + p - 1;
                  int col = 2 * j + q - 1;
                  if (r >= 0 && r < 5 && col >= 0 && col < 6) {
                    s += w[((o * 2 + c) * 3 + p) * 3 + q] * xv[((n * 2 + c) * 5 + r) * 6 + col];
                  }
                }
              }
            }
            double g = got[idx++];
            assertTrue(Math.abs(g - s) < 1e-12, "y[" + n + "," + o + "," + i + "," + j + "] = " + g + ", expected " + s);
          }
        }
      }
    }
  }

  /** Distinct values, so that no window has tied maxima (where max is not differentiable). */
  private static Tensor distinct(long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((i * 37L) % v.length) * 0.1 - 1;
    }
    return Tensor.from(v, shape);
  }

  @Test
  void maxPool() {
    Tensor x = distinct(2, 2, 4, 5);
    assertArrayEquals(new long[] {2, 2, 2, 2}, new MaxPool2d(2).forward(x).shape());
    assertPasses(GradCheck.defaults().vjp(new MaxPool2d(2)::forward, x), "MaxPool2d(2)");
  }

  @Test
  void maxPoolWithOverlappingWindows() {
    Tensor x = distinct(1, 2, 5, 5);
    MaxPool2d pool = new MaxPool2d(3, 2);
    assertArrayEquals(new long[] {1, 2, 2, 2}, pool.forward(x).shape());
    assertPasses(GradCheck.defaults().vjp(pool::forward, x), "MaxPool2d(3, stride 2)");
    double[] y = pool.forward(x).toDoubleArray();
    double[] xv = x.toDoubleArray();
    double expected = Double.NEGATIVE_INFINITY;
    for (int r = 2; r < 5; r++) {
      for (int c = 0; c < 3; c++) {
        expected = Math.max(expected, xv[25 + r * 5 + c]);
      }
    }
    assertTrue(y[6] == expected, "window (c=1, i=1, j=0): " + y[6] + " vs " + expected);
  }

  @Test
  void smallCnn() {
    Sequential cnn = new Sequential(new Conv2d(1, 2, 3, 1, 1, 3, DType.FLOAT64, dev()), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(2 * 2 * 2, 3, 4));
    checkModule("Conv-ReLU-Pool-Flatten-Linear", cnn, input(21, 2, 1, 4, 4));
  }

  @Test
  void mse() {
    Tensor target = input(30, 3, 2);
    assertPasses(GradCheck.defaults().vjp(p -> Losses.mse(p, target), input(31, 3, 2)), "mse");
  }

  @Test
  void crossEntropy() {
    Tensor labels = Tensor.of(2L, 0L, 1L, 2L);
    assertPasses(GradCheck.defaults().vjp(z -> Losses.crossEntropy(z, labels), input(32, 4, 3)), "crossEntropy");
  }

  @Test
  void binaryCrossEntropy() {
    Tensor t = Tensor.constant(0.0, 1.0, 1.0, 0.3);
    Tensor p = Tensor.of(0.2, 0.6, 0.9, 0.5);
    assertPasses(GradCheck.defaults().vjp(q -> Losses.binaryCrossEntropy(q, t), p), "binaryCrossEntropy");
    assertPasses(GradCheck.defaults().vjp(x -> Losses.binaryCrossEntropyWithLogits(x, t), Tensor.of(-3.0, 0.2, 4.0, -0.1)),
        "binaryCrossEntropyWithLogits");
  }
}
