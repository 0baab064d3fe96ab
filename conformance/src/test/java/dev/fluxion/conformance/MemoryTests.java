package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deterministic memory: a scope closes every tensor created inside it except the kept ones,
 * nested scopes hand kept tensors to their parent, and gradients stored by backward() belong
 * to their variable, not to the scope that ran backward. The live-tensor count of the device
 * may only fall between two readings through the garbage collector (the safety net), so
 * "returns to the value before" is checked as "is not above it".
 */
@SuppressWarnings("try") // scopes opened only for their close()
public abstract class MemoryTests extends DeviceTest {
  private long live() {
    return device().stats().liveTensors();
  }

  @Test
  void aScopeClosesWhatItCreated() {
    long before = live();
    List<Tensor> made = new ArrayList<>();
    try (Scope scope = Tensor.scope()) {
      Tensor x = Tensor.rand(Rng.of(1), 4, 4);
      made.add(x);
      made.add(x.matmul(x).exp());
      made.add(x.sum(0));
      made.add(x.T());
      for (Tensor t : made) {
        assertFalse(t.isClosed(), "live inside the scope: " + t); // (the count may fall meanwhile: the GC closes garbage)
      }
    }
    for (Tensor t : made) {
      assertTrue(t.isClosed(), "closed by the scope: " + t);
    }
    assertTrue(live() <= before, "live tensors after the scope: " + live() + ", before: " + before);
  }

  @Test
  void keepHandsATensorToTheEnclosingScope() {
    Tensor outerOnly;
    Tensor kept;
    Tensor innerTemp;
    long before = live();
    try (Scope outer = Tensor.scope()) {
      outerOnly = Tensor.ones(3);
      try (Scope inner = Tensor.scope()) {
        innerTemp = outerOnly.mul(2);
        kept = inner.keep(innerTemp.add(1));
      }
      assertTrue(innerTemp.isClosed(), "an inner temporary is closed with the inner scope");
      assertFalse(kept.isClosed(), "a kept tensor survives the inner scope");
      assertFalse(outerOnly.isClosed(), "the inner scope does not close the outer scope's tensors");
      assertTensor(new long[] {3}, new double[] {3, 3, 3}, kept, 0, "kept values");
    }
    assertTrue(kept.isClosed(), "the kept tensor now belongs to the outer scope, which closed it");
    assertTrue(outerOnly.isClosed());
    assertTrue(live() <= before, "nothing leaked");
  }

  @Test
  void keptTensorsOutliveTheOutermostScope() {
    long before = live();
    Tensor kept;
    try (Scope scope = Tensor.scope()) {
      kept = scope.keep(Tensor.of(1.0, 2.0).exp());
    }
    assertFalse(kept.isClosed());
    assertTrue(live() <= before + 1, "only the kept tensor is still live");
    kept.close();
    assertTrue(kept.isClosed());
    assertTrue(live() <= before, "closing it releases it");
  }

  @Test
  void tensorsMadeBeforeAScopeAreNotClosedByIt() {
    Tensor x = Tensor.of(1.0, 2.0);
    try (Scope scope = Tensor.scope()) {
      x.mul(3).toDoubleArray();
    }
    assertFalse(x.isClosed());
    assertEquals(3.0, x.sum().item());
  }

  @Test
  void gradientsStoredByBackwardSurviveTheScope() {
    Tensor w = Tensor.of(1.0, -2.0, 3.0);
    long before = live();
    try (Scope scope = Tensor.scope()) {
      w.square().sum().backward();
    }
    assertNotNull(w.grad());
    assertFalse(w.grad().isClosed(), "the gradient belongs to its variable");
    assertTensor(new long[] {3}, new double[] {2, -4, 6}, w.grad(), 0, "gradient after the scope");
    try (Scope scope = Tensor.scope()) {
      w.mul(2).sum().backward();
    }
    assertTensor(new long[] {3}, new double[] {4, -2, 8}, w.grad(), 0, "accumulated across two scopes");
    assertTrue(live() <= before + 1, "only the gradient outlives the scopes: " + live() + " vs " + before);
    w.zeroGrad();
    assertTrue(live() <= before, "zeroGrad frees the gradient");
  }

  @Test
  void aVariableClosedByItsScopeTakesItsGradientAlong() {
    long before = live();
    Tensor w;
    Tensor g;
    try (Scope scope = Tensor.scope()) {
      w = Tensor.of(1.0, 2.0);
      w.square().sum().backward();
      g = w.grad();
      assertTensor(new long[] {2}, new double[] {2, 4}, g, 0, "gradient inside the scope");
    }
    assertTrue(w.isClosed());
    assertTrue(g.isClosed(), "the gradient belongs to its variable and goes with it");
    assertTrue(live() <= before, "nothing leaked: " + live() + " vs " + before);
  }

  @Test
  void aTrainingLoopInScopesHoldsMemoryFlat() {
    Tensor w = Tensor.zeros(4, 1);
    Tensor x = Tensor.rand(Rng.of(3), 16, 4);
    Tensor y = x.matmul(Tensor.of(new double[][] {{1}, {-2}, {0.5}, {3}})).detach(); // data, no graph
    long[] liveAfter = new long[2];
    double[] losses = new double[200];
    for (int step = 0; step < losses.length; step++) {
      try (Scope scope = Tensor.scope()) {
        Tensor loss = x.matmul(w).sub(y).square().mean();
        losses[step] = loss.item();
        loss.backward();
        Tensor g = w.grad();
        w.assign(Autodiff.noGrad(() -> w.sub(g.mul(0.1))));
        w.zeroGrad();
      }
      if (step == 9) {
        liveAfter[0] = live();
      }
    }
    liveAfter[1] = live();
    assertTrue(liveAfter[1] <= liveAfter[0], "live tensors grew from " + liveAfter[0] + " to " + liveAfter[1]);
    double last = losses[losses.length - 1];
    assertTrue(last < 0.01 * losses[0], "the loop trains: loss " + losses[0] + " → " + last);
  }
}
