package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive of {@link PrimitiveTable} (the differentiable rows and the comparisons and
 * arg-reductions) through the function transforms: {@code vmap(f)(X)} equals stacking
 * {@code f(X[i])} — with the batch on axis 0, on the last axis and on a middle axis, stacked on
 * axis 0, 1 or the last, with every input batched or some closed over unbatched — and
 * {@code vmap} of {@code grad}, {@code grad} of {@code vmap}, and {@code jacfwd}/{@code jacrev}
 * against their Java-loop references. These exercise the batching rule of every primitive, and
 * the batching rules of the derivative rules (which are themselves primitives).
 */
public abstract class PrimitiveTransformTests extends DeviceTest {
  private static final long SEED = 20261122;
  /** Batch size (small, not 1, and unlike any axis of the table's shapes but 3). */
  private static final int BATCH = 4;

  private static Stream<PrimitiveTable.Row> differentiable() {
    return PrimitiveTable.ROWS.stream();
  }

  private static Stream<PrimitiveTable.Row> everyRow() {
    return Stream.concat(PrimitiveTable.ROWS.stream(), PrimitiveTable.NON_DIFFERENTIABLE.stream());
  }

  /** BATCH independent draws of a row's inputs, as constants. */
  private static Tensor[][] draws(PrimitiveTable.Row row) {
    Random r = new Random(SEED + row.name().hashCode());
    Tensor[][] out = new Tensor[BATCH][];
    for (int b = 0; b < BATCH; b++) {
      Tensor[] xs = row.inputs().make(r);
      out[b] = new Tensor[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[b][i] = xs[i].detach();
      }
    }
    return out;
  }

  /** Input {@code i} of every draw, stacked on {@code axis}. */
  private static Tensor stacked(Tensor[][] d, int i, int axis) {
    Tensor[] parts = new Tensor[d.length];
    for (int b = 0; b < d.length; b++) {
      parts[b] = d[b][i];
    }
    return Tensor.stack(axis, parts).detach();
  }

  /** Every input of one draw flattened and concatenated: one vector to map over. */
  private static Tensor packed(Tensor[] xs) {
    Tensor[] flat = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      flat[i] = xs[i].flatten();
    }
    return Tensor.concat(0, flat).detach();
  }

  /** The inverse of {@link #packed}: the row's inputs cut out of a packed vector. */
  private static Tensor[] unpack(Tensor p, Tensor[] like) {
    Tensor[] out = new Tensor[like.length];
    long at = 0;
    for (int i = 0; i < like.length; i++) {
      long n = like[i].size();
      out[i] = p.slice(0, at, at + n).reshape(like[i].shape());
      at += n;
    }
    return out;
  }

  private static double tolerance(PrimitiveTable.Row row) {
    return row.float32() ? 1e-6 : 1e-12;
  }

  private static void assertSame(Tensor expected, Tensor actual, double tol, String what) {
    assertShape(expected.shape(), actual, what);
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tol, tol, what);
  }

  /** One way of batching a row: the function of one mapped tensor and that tensor. */
  private record Case(String name, Function<Tensor, Tensor> f, Tensor mapped, int inAxis, int outAxis) {}

  private static List<Case> cases(PrimitiveTable.Row row) {
    Tensor[][] d = draws(row);
    Tensor[] first = d[0];
    int k = first.length;
    long outRank = Autodiff.noGrad(() -> row.f().apply(first)).ndim();
    List<Case> cases = new ArrayList<>();
    if (k == 1) {
      Function<Tensor, Tensor> f = x -> row.f().apply(new Tensor[] {x});
      int rank = first[0].ndim();
      cases.add(new Case("in 0, out 0", f, stacked(d, 0, 0), 0, 0));
      cases.add(new Case("in last, out last", f, stacked(d, 0, rank), rank, -1));
      if (rank >= 2) {
        cases.add(new Case("in 1, out " + Math.min(1, outRank), f, stacked(d, 0, 1), 1, (int) Math.min(1, outRank)));
      }
      if (outRank >= 1) {
        cases.add(new Case("in -1, out 1", f, stacked(d, 0, rank), -1, 1));
      }
    } else {
      Tensor[] packs = new Tensor[BATCH];
      for (int b = 0; b < BATCH; b++) {
        packs[b] = packed(d[b]);
      }
      Function<Tensor, Tensor> all = p -> row.f().apply(unpack(p, first));
      cases.add(new Case("all inputs batched, in 0, out 0", all, Tensor.stack(0, packs).detach(), 0, 0));
      cases.add(new Case("all inputs batched, in 1, out last", all, Tensor.stack(1, packs).detach(), 1, -1));
      for (int i = 0; i < k; i++) {
        int batched = i;
        Tensor[] others = first.clone();
        Function<Tensor, Tensor> one = x -> {
          Tensor[] args = others.clone();
          args[batched] = x;
          return row.f().apply(args);
        };
        int rank = first[i].ndim();
        cases.add(new Case("only input " + i + " batched (the other closed over), in 0, out 0", one, stacked(d, i, 0), 0, 0));
        cases.add(new Case("only input " + i + " batched, in last, out " + Math.min(1, outRank), one,
            stacked(d, i, rank), rank, (int) Math.min(1, outRank)));
      }
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> vmapEqualsStackingTheMappedResults() {
    return everyRow().flatMap(row -> cases(row).stream().map(c -> DynamicTest.dynamicTest(row.name() + ": " + c.name(), () -> {
      Tensor expected = Loops.map(c.f(), c.mapped(), c.inAxis(), c.outAxis());
      Tensor actual = Autodiff.vmap(c.f(), c.inAxis(), c.outAxis()).apply(c.mapped());
      assertSame(expected, actual, tolerance(row), row.name() + " " + c.name());
    })));
  }

  /** A scalar function of the row: {@code Σ w·f(xs)} with fixed weights (FLOAT64 constants). */
  private static Function<Tensor, Tensor> weighted(Function<Tensor, Tensor> f, Tensor at) {
    long[] outShape = Autodiff.noGrad(() -> f.apply(at)).shape();
    double[] w = Data.sample(new Random(SEED + 1), Data.uniform(0.5, 1.5), outShape);
    Tensor weights = Tensor.from(w, DType.FLOAT64, Device.defaultDevice(), true, outShape);
    return x -> f.apply(x).mul(weights).sum();
  }

  @TestFactory
  Stream<DynamicTest> vmapOfGradEqualsStackingGradients() {
    return differentiable().flatMap(row -> cases(row).stream().map(c -> DynamicTest.dynamicTest(row.name() + ": " + c.name(), () -> {
      Tensor one = c.mapped().moveAxis(c.inAxis(), 0).get(0);
      Function<Tensor, Tensor> g = Autodiff.grad(weighted(c.f(), one));
      Tensor expected = Loops.map(g, c.mapped(), c.inAxis(), c.outAxis());
      Tensor actual = Autodiff.vmap(g, c.inAxis(), c.outAxis()).apply(c.mapped());
      assertSame(expected, actual, tolerance(row), "vmap(grad) of " + row.name() + " " + c.name());
    })));
  }

  @TestFactory
  Stream<DynamicTest> gradOfVmapEqualsGradientOfTheLoop() {
    return differentiable().flatMap(row -> cases(row).stream().map(c -> DynamicTest.dynamicTest(row.name() + ": " + c.name(), () -> {
      Tensor stackedOut = Autodiff.noGrad(() -> Loops.map(c.f(), c.mapped(), c.inAxis(), c.outAxis()));
      Function<Tensor, Tensor> viaVmap = weighted(x -> Autodiff.vmap(c.f(), c.inAxis(), c.outAxis()).apply(x), c.mapped());
      Function<Tensor, Tensor> viaLoop = weighted(x -> Loops.map(c.f(), x, c.inAxis(), c.outAxis()), c.mapped());
      Tensor expected = Autodiff.grad(viaLoop).apply(c.mapped());
      Tensor actual = Autodiff.grad(viaVmap).apply(c.mapped());
      assertShape(c.mapped().shape(), actual, "gradient shape");
      assertSame(expected, actual, tolerance(row), "grad(vmap) of " + row.name() + " " + c.name()
          + " (mapped output shape " + Approx.shape(stackedOut.shape()) + ")");
    })));
  }

  /** The row as a function of input {@code i}, the other inputs closed over. */
  private static Function<Tensor, Tensor> ofInput(PrimitiveTable.Row row, Tensor[] xs, int i) {
    return x -> {
      Tensor[] args = xs.clone();
      args[i] = x;
      return row.f().apply(args);
    };
  }

  @TestFactory
  Stream<DynamicTest> jacfwdIsOneJvpPerBasisTangent() {
    return differentiable().flatMap(row -> inputsOf(row).map(i -> DynamicTest.dynamicTest(row.name() + " wrt input " + i, () -> {
      Tensor[] xs = draws(row)[0];
      Function<Tensor, Tensor> f = ofInput(row, xs, i);
      Tensor expected = Loops.jacobianByColumns(f, xs[i]);
      assertSame(expected, Autodiff.jacfwd(f).apply(xs[i]), tolerance(row), "jacfwd of " + row.name());
    })));
  }

  @TestFactory
  Stream<DynamicTest> jacrevIsOnePullbackPerBasisCotangent() {
    return differentiable().flatMap(row -> inputsOf(row).map(i -> DynamicTest.dynamicTest(row.name() + " wrt input " + i, () -> {
      Tensor[] xs = draws(row)[0];
      Function<Tensor, Tensor> f = ofInput(row, xs, i);
      Tensor expected = Loops.jacobianByRows(f, xs[i]);
      Tensor actual = Autodiff.jacrev(f).apply(xs[i]);
      assertSame(expected, actual, tolerance(row), "jacrev of " + row.name());
      assertSame(Autodiff.jacfwd(f).apply(xs[i]), actual, 10 * tolerance(row), "jacrev vs jacfwd of " + row.name());
    })));
  }

  private static Stream<Integer> inputsOf(PrimitiveTable.Row row) {
    int k = row.inputs().make(new Random(0)).length;
    return Stream.iterate(0, i -> i < k, i -> i + 1);
  }

  /** Comparisons and arg-reductions are constants for grad, vjp and jvp (zero derivative, not an error). */
  @TestFactory
  Stream<DynamicTest> nonDifferentiablePrimitivesAreConstantsForTheDerivativeTransforms() {
    return PrimitiveTable.NON_DIFFERENTIABLE.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
      Tensor[] xs = draws(row)[0];
      Function<Tensor, Tensor> f = x -> ofInput(row, xs, 0).apply(x).to(DType.FLOAT64).mul(x.sum());
      Tensor value = Autodiff.noGrad(() -> f.apply(xs[0]));
      Tensor indicator = Autodiff.noGrad(() -> ofInput(row, xs, 0).apply(xs[0]).to(DType.FLOAT64));
      // d/dx [c(x)·Σx] = c(x) summed into every element, since c is piecewise constant
      double total = indicator.sum().item();
      double[] expectedGrad = new double[(int) xs[0].size()];
      java.util.Arrays.fill(expectedGrad, total);
      Tensor g = Autodiff.grad((Tensor x) -> f.apply(x).sum()).apply(xs[0]);
      assertClose(expectedGrad, g.toDoubleArray(), 1e-12, 1e-12, "grad through " + row.name());
      Tensor[] jvp = Autodiff.jvp(f, xs[0], Tensor.onesLike(xs[0]));
      assertClose(value.toDoubleArray(), jvp[0].toDoubleArray(), 0, 0, "jvp value of " + row.name());
      double n = xs[0].size();
      double[] expectedTangent = indicator.mul(n).toDoubleArray();
      assertClose(expectedTangent, jvp[1].toDoubleArray(), 1e-12, 1e-12, "jvp tangent through " + row.name());
    }));
  }
}
