package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The assign rule (PyTorch's version counters): an in-place write always goes ahead, whatever
 * recorded computations saw the old values — so the outcome of a program never depends on when
 * the garbage collector runs — and a later backward() (or intermediate grad()) that would need
 * the overwritten values throws, naming the op and the value, instead of computing a wrong
 * gradient.
 */
public abstract class AssignRuleTests extends DeviceTest {
  private Sequential model() {
    return new Sequential(new Linear(3, 4, 1, DType.FLOAT64, device()), new ReLU(), new Linear(4, 1, 2, DType.FLOAT64, device()));
  }

  private Tensor data() {
    return Tensor.from(new double[] {0.5, -1, 2, 1.5, 0.25, -0.75}, DType.FLOAT64, device(), true, 2, 3);
  }

  /** The parameters after one Adam step on the mean squared output, with or without an extra recorded forward pass first. */
  private List<double[]> trainedOnce(boolean printPredictionFirst, boolean collect) {
    Sequential model = model();
    Adam opt = new Adam(model.parameters(), 0.01);
    Tensor x = data();
    if (printPredictionFirst) {
      String line = "prediction " + model.forward(x); // recorded, never backpropagated
      assertFalse(line.isEmpty());
    }
    if (collect) {
      System.gc();
    }
    Tensor loss = model.forward(x).square().mean();
    loss.backward();
    opt.step();
    List<double[]> out = new ArrayList<>();
    model.parameters().forEach(p -> out.add(p.toDoubleArray()));
    return out;
  }

  /** The program: it used to throw unless a collection had run in between. */
  @ParameterizedTest(name = "with System.gc(): {0}")
  @ValueSource(booleans = {false, true})
  void anOptimizerStepAfterAPredictionThatWasNeverDifferentiated(boolean collect) {
    List<double[]> reference = trainedOnce(false, false);
    List<double[]> after = trainedOnce(true, collect);
    for (int i = 0; i < reference.size(); i++) {
      assertArrayEquals(reference.get(i), after.get(i), "parameter " + i + ": the same bits");
    }
  }

  @ParameterizedTest(name = "with System.gc(): {0}")
  @ValueSource(booleans = {false, true})
  void loadAfterARecordedForwardPassGoesAheadAndThatPassCanNoLongerBeDifferentiated(boolean collect) throws IOException {
    Sequential saved = model();
    Path dir = Files.createTempDirectory("fluxion-assign");
    Path file = dir.resolve("m.npz");
    try {
      saved.save(file);
      Sequential m = new Sequential(new Linear(3, 4, 7, DType.FLOAT64, device()), new ReLU(),
          new Linear(4, 1, 8, DType.FLOAT64, device()));
      Tensor pending = m.forward(data()).sum();
      if (collect) {
        System.gc();
      }
      m.load(file);
      assertArrayEquals(saved.parameters().get(0).toDoubleArray(), m.parameters().get(0).toDoubleArray(), "loaded");
      IllegalStateException e = assertThrows(IllegalStateException.class, pending::backward);
      assertMentions(e, "backward", "'matmul'", "overwritten by assign()");
      assertFalse(m.parameters().stream().anyMatch(p -> p.grad() != null), "the refused backward stored no gradient");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void aBackwardThatNeedsOverwrittenValuesThrowsNamingTheOpAndTheValue() {
    Tensor w = Tensor.of(1.0, 2.0);
    Tensor loss = w.mul(w).sum();
    w.assign(Tensor.of(5.0, 6.0));
    assertTensor(new long[] {2}, new double[] {5, 6}, w, 0, "the assign went ahead");
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertMentions(e, "backward", "input 0 of 'mul'", "shape [2]", "overwritten by assign()");
    assertFalse(w.grad() != null, "no gradient from the refused backward");
    w.mul(w).sum().backward();
    assertTensor(new long[] {2}, new double[] {10, 12}, w.grad(), 0, "a recomputed loss sees the new values");
  }

  @Test
  void aResultWhoseOwnRuleReadsItIsProtectedToo() {
    Tensor x = Tensor.of(0.0, 1.0);
    Tensor y = x.exp();
    Tensor loss = y.sum();
    y.assign(Tensor.constant(100.0, 100.0));
    assertMentions(assertThrows(IllegalStateException.class, loss::backward), "the output of 'exp'");
  }

  @Test
  void writesThroughAnotherViewOfTheSameMemoryCount() {
    Tensor w = Tensor.of(1.0, 2.0);
    Tensor v = w.reshape(2, 1);
    Tensor loss = v.mul(v).sum();
    w.reshape(1, 2).assign(Tensor.of(new double[][] {{3, 4}}));
    assertMentions(assertThrows(IllegalStateException.class, loss::backward), "'mul'", "shape [2, 1]");
  }

  @Test
  void opsThatReadNoValuesAreNotAffected() {
    Tensor w = Tensor.of(1.0, 2.0, 3.0);
    Tensor loss = w.reshape(3, 1).T().add(1.0).mul(Tensor.constant(4.0, 5.0, 6.0)).sum();
    w.assign(Tensor.of(7.0, 8.0, 9.0));
    loss.backward();
    assertTensor(new long[] {3}, new double[] {4, 5, 6}, w.grad(), 0, "gradient");
  }

  @Test
  void aFailedAssignChangesNothingNotEvenTheVersion() {
    Tensor w = Tensor.of(1.0, 2.0);
    Tensor loss = w.square().sum();
    assertThrows(IllegalArgumentException.class, () -> w.assign(Tensor.of(1.0, 2.0, 3.0)));
    assertThrows(IllegalArgumentException.class, () -> w.assign(Tensor.of(1f, 2f)));
    loss.backward();
    assertTensor(new long[] {2}, new double[] {2, 4}, w.grad(), 0, "the backward after refused assigns");
  }

  @Test
  void fusedAssignFollowsTheSameRule() {
    Tensor p = Tensor.of(1.0, 2.0);
    Tensor loss = p.square().sum();
    Fused halve = Fused.of("halve", 1, t -> new Tensor[] {t[0].mul(0.5)});
    halve.assign(new Tensor[] {p}, p);
    assertClose(new double[] {0.5, 1.0}, p.toDoubleArray(), 0, 0, "written");
    assertMentions(assertThrows(IllegalStateException.class, loss::backward), "'mul'", "overwritten");
  }

  @Test
  void aScopeThatClosedTheGraphChangesNothing() {
    Tensor w = Tensor.of(1.0, 2.0);
    Tensor kept;
    try (Scope scope = Tensor.scope()) {
      w.mul(w).sum(); // recorded, never differentiated, closed with the scope
      kept = scope.keep(w.mul(w).sum());
    }
    w.assign(Tensor.of(3.0, 4.0));
    assertMentions(assertThrows(IllegalStateException.class, kept::backward), "'mul'", "overwritten");
  }
}
