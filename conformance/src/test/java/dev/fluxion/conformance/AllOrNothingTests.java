package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.AdamW;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.SGD;
import dev.fluxion.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A call that throws changes nothing: backward(), Module.load, optimizer steps, Fused in-place writes. */
public abstract class AllOrNothingTests extends DeviceTest {
  private static List<double[]> values(List<Tensor> ts) {
    List<double[]> out = new ArrayList<>();
    ts.forEach(t -> out.add(t.toDoubleArray()));
    return out;
  }

  private static void assertSameValues(List<double[]> expected, List<Tensor> actual, String what) {
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i).toDoubleArray(), what + " " + i);
    }
  }

  @Test
  void aBackwardThatFailsPartWayAddsToNoGradient() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = Tensor.of(3.0, 4.0);
    x.exp().sum().backward();
    double[] before = x.grad().toDoubleArray();
    Tensor z = y.square();
    Tensor loss = x.exp().sum().add(z.mul(x).sum());
    z.close(); // a value the mul saved
    assertMentions(assertThrows(IllegalStateException.class, loss::backward), "backward", "'mul'", "closed");
    assertArrayEquals(before, x.grad().toDoubleArray(), "x.grad() as before");
    assertNull(y.grad(), "y.grad() still null");
  }

  private Sequential model(long seed) {
    return new Sequential(new Linear(3, 4, seed, DType.FLOAT64, device()), new ReLU(),
        new Linear(4, 2, seed + 1, DType.FLOAT64, device()));
  }

  @Test
  void loadThatFailsOnTheThirdParameterChangesNone() throws IOException {
    Path dir = Files.createTempDirectory("fluxion-load");
    Path file = dir.resolve("m.npz");
    try {
      model(1).save(file);
      Sequential m = model(10);
      List<double[]> before = values(m.parameters().subList(0, 2));
      m.parameters().get(2).close();
      assertMentions(assertThrows(IllegalStateException.class, () -> m.load(file)), "load", "'2.weight'", "closed");
      assertSameValues(before, m.parameters().subList(0, 2), "parameter");

      Sequential wrong = new Sequential(new Linear(3, 4, 1, DType.FLOAT64, device()), new ReLU(),
          new Linear(4, 3, 2, DType.FLOAT64, device()));
      Path other = dir.resolve("other.npz");
      wrong.save(other);
      Sequential n = model(10);
      List<double[]> all = values(n.parameters());
      assertMentions(assertThrows(IllegalArgumentException.class, () -> n.load(other)), "'2.weight'", "[3, 4]", "[2, 4]");
      assertSameValues(all, n.parameters(), "parameter");
      Files.delete(other);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * A step that fails on one parameter (its gradient was closed) updates none and does not count;
   * once that parameter has no gradient, the step is the first one (Adam's bias correction t = 1).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sgd", "momentum", "adam", "adamw"})
  void anOptimizerStepThatFailsOnOneParameterUpdatesNone(String kind) {
    Function<List<Tensor>, Optimizer> make = ps -> switch (kind) {
      case "sgd" -> new SGD(ps, 0.1);
      case "momentum" -> new SGD(ps, 0.1, 0.9);
      case "adam" -> new Adam(ps, 0.1);
      default -> new AdamW(ps, 0.1);
    };
    Sequential m = model(3);
    Sequential twin = model(3);
    Optimizer opt = make.apply(m.parameters());
    Optimizer reference = make.apply(twin.parameters());
    Tensor x = Tensor.from(new double[] {0.5, -1, 2}, DType.FLOAT64, device(), true, 1, 3);
    m.forward(x).square().sum().backward();
    twin.forward(x).square().sum().backward();
    List<double[]> before = values(m.parameters());
    m.parameters().get(2).grad().close();
    IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
    assertMentions(e, "step", "parameter 2", "closed");
    assertSameValues(before, m.parameters(), "parameter");
    assertEquals(0, opt.steps(), "the failed step was not counted");

    m.parameters().get(2).zeroGrad();
    twin.parameters().get(2).zeroGrad();
    opt.step();
    reference.step();
    assertEquals(1, opt.steps());
    assertSameValues(values(twin.parameters()), m.parameters(), "after the first real step, as a fresh optimizer's:");
  }

  @Test
  void aStepWithAClosedParameterUpdatesNone() {
    Sequential m = model(5);
    Adam opt = new Adam(m.parameters(), 0.1);
    m.forward(Tensor.from(new double[] {1, 2, 3}, DType.FLOAT64, device(), true, 1, 3)).sum().backward();
    List<double[]> before = values(m.parameters().subList(0, 3));
    m.parameters().get(3).close();
    assertMentions(assertThrows(IllegalStateException.class, opt::step), "parameter 3", "closed");
    assertSameValues(before, m.parameters().subList(0, 3), "parameter");
    assertEquals(0, opt.steps());
  }

  /** The CPU runs fused programs; OpenCL and CUDA (without fused kernels) run the body op by op: the same rule. */
  @Test
  void aFusedWriteWithAWrongSecondTargetWritesNoTarget() {
    Fused twice = Fused.of("two-results", 2, t -> new Tensor[] {t[0].add(t[1]), t[0].mul(t[1])});
    Tensor a = Tensor.of(1.0, 2.0, 3.0);
    Tensor b = Tensor.of(4.0, 5.0, 6.0);
    Tensor first = Tensor.zeros(3);
    Tensor wrongShape = Tensor.zeros(2);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> twice.assign(new Tensor[] {first, wrongShape}, a, b)),
        "two-results", "[3]", "[2]");
    assertArrayEquals(new double[3], first.toDoubleArray(), "the first target is untouched");
    Tensor wrongType = Tensor.zeros(DType.FLOAT32, 3);
    assertThrows(IllegalArgumentException.class, () -> twice.assign(new Tensor[] {first, wrongType}, a, b));
    assertArrayEquals(new double[3], first.toDoubleArray(), "the first target is untouched");
    Tensor closed = Tensor.zeros(3);
    closed.close();
    assertThrows(IllegalStateException.class, () -> twice.assign(new Tensor[] {first, closed}, a, b));
    assertArrayEquals(new double[3], first.toDoubleArray(), "the first target is untouched");
    Tensor second = Tensor.zeros(3);
    twice.assign(new Tensor[] {first, second}, a, b);
    assertArrayEquals(new double[] {5, 7, 9}, first.toDoubleArray());
    assertArrayEquals(new double[] {4, 10, 18}, second.toDoubleArray());
  }
}
