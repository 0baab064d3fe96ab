package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code vmap(f)} and {@code vmap(f, inAxis, outAxis)} beyond single primitives (those are in
 * {@link PrimitiveTransformTests}): compositions, closed-over unbatched tensors, results that
 * do or do not depend on the batch, negative axes, one batched computation rather than a loop,
 * and the errors.
 */
public abstract class VmapTests extends DeviceTest {
  private static final double TOL = 1e-13;

  private static Tensor batch() {
    return Tensor.of(new double[][] {{0.5, -1.0, 2.0}, {0.0, 0.25, -0.75}, {1.5, 1.0, -2.0}, {3.0, -0.5, 0.1}}).detach();
  }

  private static void assertMapped(Function<Tensor, Tensor> f, Tensor x, int inAxis, int outAxis, String what) {
    Tensor expected = Loops.map(f, x, inAxis, outAxis);
    Tensor actual = Autodiff.vmap(f, inAxis, outAxis).apply(x);
    assertShape(expected.shape(), actual, what);
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertClose(expected.toDoubleArray(), actual.toDoubleArray(), TOL, TOL, what);
  }

  @Test
  void defaultAxesAreZero() {
    Function<Tensor, Tensor> f = v -> v.softmax(0).mul(v.logsumexp());
    Tensor x = batch();
    assertClose(Autodiff.vmap(f, 0, 0).apply(x).toDoubleArray(), Autodiff.vmap(f).apply(x).toDoubleArray(), 0, 0,
        "vmap(f) = vmap(f, 0, 0)");
    assertMapped(f, x, 0, 0, "softmax·logsumexp per row");
  }

  @Test
  void compositionsOfManyPrimitives() {
    Tensor x = batch();
    assertMapped(v -> v.var().add(v.std()).mul(v.mean()), x, 0, 0, "var, std, mean");
    assertMapped(v -> v.logSoftmax(0).exp().mul(2.0), x, 1, 0, "logSoftmax over columns");
    assertMapped(v -> v.outer(v).matmul(v).clip(-1, 1), x, 0, 1, "outer, matmul, clip");
    assertMapped(v -> v.prod().sinc(), x, 1, 0, "prod, sinc");
    assertMapped(v -> Tensor.stack(1, v, v.square()).flip(0).reshape(-1), x, 0, -1, "stack, flip, reshape");
    assertMapped(v -> v.pad(new long[] {1}, new long[] {2}, 9.0).slice(0, 1, 5, 2), x, 0, 0, "pad, slice");
    assertMapped(v -> Tensor.where(v.gt(0.0), v.log(), v.exp()), x, 0, 0, "where of a batched condition");
    assertMapped(v -> v.argmax(0).to(DType.FLOAT64).add(v.max()), x, 0, 0, "argmax and max");
    assertMapped(v -> v.to(DType.FLOAT32).mul(2f).to(DType.FLOAT64), x, 1, 0, "casts");
  }

  @Test
  void closedOverTensorsAreNotBatched() {
    Tensor w = Tensor.of(new double[][] {{1, 0.5}, {-1, 2}, {0.25, 0}}).detach();
    Tensor b = Tensor.of(0.1, -0.2).detach();
    Function<Tensor, Tensor> layer = v -> v.matmul(w).add(b).tanh();
    Tensor x = batch();
    Tensor y = Autodiff.vmap(layer).apply(x);
    assertShape(new long[] {4, 2}, y, "a linear layer mapped over examples");
    assertClose(x.matmul(w).add(b).tanh().toDoubleArray(), y.toDoubleArray(), TOL, TOL, "X·W + b");
    assertMapped(v -> w.T().matmul(v).mul(b), x, 0, 0, "batched operand on the right");
    assertMapped(v -> v.expandDims(1).mul(w).sum(0), x, 0, 1, "broadcast against a closed-over matrix");
    assertMapped(v -> Tensor.concat(0, b, v, b), x, 0, 0, "concat with unbatched parts");
  }

  /**
   * Each example made a column (a transpose of a row, so its size-1 axis has stride ≠ 1) times
   * a closed-over row: the batched product is one matmul of a strided batch against a shared
   * matrix (the layout of MatmulTests' "batch of transposed rows" case).
   */
  @Test
  void columnsTimesAClosedOverRow() {
    Tensor row = Tensor.of(new double[][] {{1, -2, 0.5, 3}}).detach();
    Tensor x = batch();
    Tensor y = Autodiff.vmap(v -> v.expandDims(0).T().matmul(row)).apply(x);
    assertShape(new long[] {4, 3, 4}, y, "outer products");
    assertMapped(v -> v.expandDims(0).T().matmul(row), x, 0, 0, "column · row per example");
    assertClose(x.expandDims(2).mul(row).toDoubleArray(), y.toDoubleArray(), TOL, TOL, "x[b, i]·row[j]");
  }

  @Test
  void outputsThatDoNotDependOnTheBatchAreBroadcast() {
    Tensor w = Tensor.of(1.0, 2.0, 3.0).detach();
    Tensor x = batch();
    Tensor c = Autodiff.vmap(v -> w.square()).apply(x);
    assertShape(new long[] {4, 3}, c, "constant result, stacked");
    for (int i = 0; i < 4; i++) {
      assertClose(new double[] {1, 4, 9}, c.get(i).toDoubleArray(), 0, 0, "row " + i);
    }
    Tensor last = Autodiff.vmap(v -> w.sum(), 0, 0).apply(x);
    assertClose(new double[] {6, 6, 6, 6}, last.toDoubleArray(), 0, 0, "0-d constant result");
    Tensor onAxis1 = Autodiff.vmap(v -> Tensor.ones(2), 0, 1).apply(x);
    assertShape(new long[] {2, 4}, onAxis1, "constant result stacked on axis 1");
    Tensor created = Autodiff.vmap(v -> Tensor.arange(0, 3).mul(2.0)).apply(x);
    assertClose(new double[] {0, 2, 4, 0, 2, 4, 0, 2, 4, 0, 2, 4}, created.toDoubleArray(), 0, 0, "created inside f");
    assertMapped(v -> v.mul(0.0).add(w), x, 0, 0, "batch-dependent in form, constant in value");
  }

  @Test
  void theIdentityAndMovingAxes() {
    Tensor x = Tensor.arange(0, 24).reshape(2, 3, 4).detach();
    assertClose(x.toDoubleArray(), Autodiff.vmap(v -> v).apply(x).toDoubleArray(), 0, 0, "vmap(identity)");
    Tensor moved = Autodiff.vmap(v -> v, 2, 0).apply(x);
    assertShape(new long[] {4, 2, 3}, moved, "in 2, out 0 moves the axis");
    assertClose(x.moveAxis(2, 0).toDoubleArray(), moved.toDoubleArray(), 0, 0, "moveAxis(2, 0)");
    Tensor back = Autodiff.vmap(v -> v, -1, -2).apply(x);
    assertShape(new long[] {2, 4, 3}, back, "in -1, out -2");
    assertClose(x.moveAxis(2, 1).toDoubleArray(), back.toDoubleArray(), 0, 0, "moveAxis(2, 1)");
    for (int in = -3; in < 3; in++) {
      for (int out = -2; out < 2; out++) {
        assertMapped(v -> v.sin().sum(0), x, in, out, "in " + in + ", out " + out);
      }
    }
  }

  @Test
  void aBatchOfOneAndABatchOfZeroShape() {
    Tensor one = Tensor.of(new double[][] {{0.5, 1.5}}).detach();
    assertMapped(v -> v.exp().sum(), one, 0, 0, "batch of one");
    Tensor y = Autodiff.vmap(v -> v.sum()).apply(Tensor.zeros(3, 0));
    assertClose(new double[3], y.toDoubleArray(), 0, 0, "sum over empty rows");
  }

  /** One batched computation: vmap over 64 examples launches about as many kernels as one call. */
  @Test
  void vmapIsOneBatchedComputationNotALoop() {
    Tensor w = Tensor.randn(Rng.of(31), 8, 8).detach();
    Function<Tensor, Tensor> f = v -> w.matmul(v).tanh().mul(v).sum().exp();
    Tensor x = Tensor.randn(Rng.of(32), 64, 8).detach();
    Autodiff.vmap(f).apply(x);
    long single = Loops.launches(() -> f.apply(x.get(0)));
    long mapped = Loops.launches(() -> Autodiff.vmap(f).apply(x));
    assertTrue(mapped <= 2 * single + 2, "vmap over 64 examples launched " + mapped + " kernels, one example " + single);
  }

  @Test
  void errors() {
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.vmap(v -> v).apply(Tensor.of(1.0))),
        "vmap", "0-d");
    assertThrows(IllegalArgumentException.class, () -> Autodiff.vmap(v -> v, 2, 0).apply(batch()));
    assertThrows(IllegalArgumentException.class, () -> Autodiff.vmap(v -> v, 0, 2).apply(batch()));
    assertMentions(assertThrows(IllegalStateException.class, () -> Autodiff.vmap(v -> Tensor.of(v.sum().item())).apply(batch())),
        "vmap");
  }
}
