package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MyGrad's rule: after {@code f.backward()} every non-constant tensor that took part holds its
 * derivative — variables, intermediates and f itself (ones) — and the graph is released, so a
 * second backward through an op whose saved values are gone throws naming the op.
 */
public abstract class MyGradGradientTests extends DeviceTest {
  /** The tutorial's gradient descent on (x − 8)², printed step by step, exactly as written there. */
  @Test
  void theTutorialLoopPrintsItsTenValues() {
    List<String> printed = new ArrayList<>();
    Tensor x = Tensor.of(-1.5);
    for (int step = 0; step < 10; step++) {
      Tensor f = x.sub(8.0).pow(2);
      f.backward();
      x = x.sub(x.grad().mul(0.3));
      printed.add(x.toString());
    }
    assertEquals(List.of("Tensor(4.2)", "Tensor(6.48)", "Tensor(7.392)", "Tensor(7.7568)", "Tensor(7.90272)",
        "Tensor(7.961088)", "Tensor(7.9844352)", "Tensor(7.99377408)", "Tensor(7.99750963)", "Tensor(7.99900385)"),
        printed);
  }

  @Test
  void everyTensorThatTookPartHoldsItsGradient() {
    Tensor x = Tensor.of(0.5, -1.0, 2.0);
    Tensor y = x.square();
    Tensor z = y.sin();
    Tensor f = z.sum();
    f.backward();
    double[] xs = {0.5, -1.0, 2.0};
    double[] dy = new double[3];
    double[] dx = new double[3];
    for (int i = 0; i < 3; i++) {
      dy[i] = Math.cos(xs[i] * xs[i]);
      dx[i] = dy[i] * 2 * xs[i];
    }
    assertClose(dx, x.grad().toDoubleArray(), 1e-14, 1e-14, "x.grad()");
    assertClose(dy, y.grad().toDoubleArray(), 1e-14, 1e-14, "y.grad(), an intermediate");
    assertTensor(new long[] {3}, new double[] {1, 1, 1}, z.grad(), 0, "z.grad(), an intermediate");
    assertTensor(new long[0], new double[] {1}, f.grad(), 0, "f.grad(): ones");
    assertSame(y.grad(), y.grad(), "computed once, then held");
    assertNull(Tensor.constant(1.0, 2.0).grad(), "a constant has none");
  }

  @Test
  void anIntermediatesGradientIsTheDerivativeOfTheRestOfTheComputation() {
    Tensor x = Tensor.of(new double[][] {{0.3, -0.7}, {1.1, 0.2}});
    Tensor h = x.matmul(x).tanh();
    Tensor loss = h.mul(h.exp()).sum();
    loss.backward();
    Tensor expected = Autodiff.grad((Tensor t) -> t.mul(t.exp()).sum()).apply(h.detach());
    assertClose(expected.toDoubleArray(), h.grad().toDoubleArray(), 1e-15, 1e-15, "∂loss/∂h");
    assertShape(new long[] {2, 2}, h.grad(), "∂loss/∂h");
  }

  @Test
  void theSeedIsTheGradientOfTheTensorBackwardWasCalledOn() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = x.mul(3.0);
    y.backward(Tensor.constant(0.5, -2.0));
    assertTensor(new long[] {2}, new double[] {0.5, -2}, y.grad(), 0, "y.grad() = the seed");
    assertTensor(new long[] {2}, new double[] {1.5, -6}, x.grad(), 0, "x.grad()");
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsOfSeparateGraphs() {
    Tensor x = Tensor.of(1.0, 2.0);
    x.square().sum().backward();
    x.mul(3.0).sum().backward();
    assertTensor(new long[] {2}, new double[] {2 + 3, 4 + 3}, x.grad(), 0, "x.grad() accumulated");
    x.zeroGrad();
    assertNull(x.grad(), "after zeroGrad");
    x.exp().sum().backward();
    assertClose(new double[] {Math.E, Math.exp(2)}, x.grad().toDoubleArray(), 1e-15, 0, "a fresh gradient");
  }

  @Test
  void aSecondBackwardThroughAReleasedGraphThrowsNamingTheOp() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor f = x.exp().sum();
    f.backward();
    double[] before = x.grad().toDoubleArray();
    IllegalStateException e = assertThrows(IllegalStateException.class, f::backward);
    assertMentions(e, "backward", "'exp'", "released");
    assertClose(before, x.grad().toDoubleArray(), 0, 0, "x.grad() unchanged by the refused backward");
    Tensor g = x.exp().mul(2.0).sum();
    g.backward();
    assertClose(new double[] {3 * Math.E, 3 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-15, 0,
        "a recomputed result is differentiated again");
  }

  /** As in PyTorch, ops whose rule saves nothing (add, sub, reshape, sum) can be passed again. */
  @Test
  void aReleasedGraphStillPassesThroughOpsThatSaveNoValues() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = x.add(1.0).reshape(2, 1);
    y.sum().backward();
    y.mul(Tensor.constant(new double[][] {{2}, {5}})).sum().backward();
    assertTensor(new long[] {2}, new double[] {3, 6}, x.grad(), 0, "x.grad() through the released add");
    assertTensor(new long[] {2, 1}, new double[] {3, 6}, y.grad(), 0, "y.grad() from both backward calls");
  }

  @Test
  @SuppressWarnings("deprecation")
  void retainGradIsNoLongerNeeded() {
    Tensor x = Tensor.of(2.0);
    Tensor y = x.square();
    assertSame(y, y.retainGrad());
    y.mul(3.0).backward();
    assertTensor(new long[0], new double[] {3}, y.grad(), 0, "y.grad()");
  }

  @Test
  void anIntermediatesGradientNeedingValuesOverwrittenSinceThrowsNamingTheOp() {
    Tensor x = Tensor.of(0.5, 1.5);
    Tensor w = Tensor.of(2.0, 3.0);
    Tensor h = x.exp();
    Tensor k = x.sin();
    h.mul(w).sum().add(k.sum()).backward();
    Tensor early = h.grad();
    w.assign(Tensor.of(7.0, 7.0));
    assertTensor(new long[] {2}, new double[] {2, 3}, early, 0, "read before the assign: the old w");
    assertTensor(new long[] {2}, new double[] {1, 1}, k.grad(), 0, "k's gradient does not read w");
    Tensor y = x.square();
    Tensor z = y.mul(w);
    z.sum().backward();
    w.assign(Tensor.of(1.0, 1.0));
    IllegalStateException e = assertThrows(IllegalStateException.class, y::grad);
    assertMentions(e, "grad()", "'mul'", "assign");
    assertMentions(assertThrows(IllegalStateException.class, y::grad), "'mul'");
    assertTensor(new long[] {2}, new double[] {1, 1}, z.grad(), 0, "z.grad() reads nothing overwritten");
  }

  @Test
  void aKeptIntermediateGetsItsGradientBeforeTheScopeClosesItsValues() {
    Tensor x = Tensor.of(0.25, 0.5);
    Tensor h;
    try (Scope scope = Tensor.scope()) {
      h = scope.keep(x.exp());
      h.square().sum().backward();
    }
    assertClose(new double[] {2 * Math.exp(0.25), 2 * Math.exp(0.5)}, h.grad().toDoubleArray(), 1e-15, 0,
        "h.grad() after the scope");
  }

  @Test
  void zeroGradForgetsAnIntermediatesGradient() {
    Tensor x = Tensor.of(1.0);
    Tensor y = x.exp();
    y.square().backward();
    y.zeroGrad();
    assertNull(y.grad(), "after zeroGrad");
    assertNotNull(x.grad());
  }

  /**
   * Intermediate gradients are computed when asked for, so a sweep nobody looks into afterwards
   * keeps no more tensors alive than the variables' gradients.
   */
  @Test
  void aBackwardKeepsNoGradientsOfIntermediatesNobodyAsksFor() {
    Tensor x = Tensor.linspace(1, 2, 1000);
    try (Scope scope = Tensor.scope()) {
      Tensor y = x;
      for (int i = 0; i < 20; i++) {
        y = y.mul(1.01).sin().add(x);
      }
      Tensor loss = y.sum();
      long live = device().stats().liveTensors();
      long inUse = device().stats().inUseBytes();
      loss.backward();
      long grew = device().stats().inUseBytes() - inUse;
      assertTrue(device().stats().liveTensors() <= live + 2, "live tensors " + live + " → " + device().stats().liveTensors());
      // x.grad() is 8000 bytes (a device may round its allocation up); the 60 intermediates' would be 480000
      assertTrue(grew <= 2 * 8 * 1000, "memory in use grew by " + grew + " bytes");
      assertNotNull(x.grad());
    }
  }
}
