package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertPasses;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.GradCheck;
import dev.fluxion.Tensor;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive of {@link PrimitiveTable} against central finite differences, in reverse and
 * forward mode, the VJP/JVP adjoint identity, and second derivatives ({@code grad} of a scalar
 * function, checked again in both modes).
 */
public abstract class PrimitiveGradientTests extends DeviceTest {
  private static final long SEED = 20261121;

  private static Stream<PrimitiveTable.Row> rows() {
    return PrimitiveTable.ROWS.stream();
  }

  private static Tensor[] inputs(PrimitiveTable.Row row) {
    return row.inputs().make(new Random(SEED + row.name().hashCode()));
  }

  @Test
  void everyUnaryOpHasARow() {
    for (UnaryOp op : UnaryOp.values()) {
      assertTrue(rows().anyMatch(r -> r.op() == op), () -> "PrimitiveTable has no row for UnaryOp." + op);
    }
  }

  @Test
  void everyArithmeticBinaryOpHasARow() {
    for (BinaryOp op : BinaryOp.values()) {
      if (!op.isComparison()) {
        assertTrue(rows().anyMatch(r -> r.op() == op), () -> "PrimitiveTable has no row for BinaryOp." + op);
      }
    }
  }

  @Test
  void everyReduceOpAndComparisonHasARow() {
    for (ReduceOp op : ReduceOp.values()) {
      assertTrue(allRows().anyMatch(r -> r.op() == op), () -> "PrimitiveTable has no row for ReduceOp." + op);
    }
    for (BinaryOp op : BinaryOp.values()) {
      assertTrue(allRows().anyMatch(r -> r.op() == op), () -> "PrimitiveTable has no row for BinaryOp." + op);
    }
  }

  @Test
  void everyLinalgOpHasARow() {
    for (dev.fluxion.spi.LinalgOp op : dev.fluxion.spi.LinalgOp.values()) {
      assertTrue(rows().anyMatch(r -> r.op() == op), () -> "PrimitiveTable has no row for LinalgOp." + op);
    }
  }

  private static Stream<PrimitiveTable.Row> allRows() {
    return Stream.concat(rows(), PrimitiveTable.NON_DIFFERENTIABLE.stream());
  }

  @TestFactory
  Stream<DynamicTest> reverseModeMatchesFiniteDifferences() {
    return rows().map(row -> DynamicTest.dynamicTest(row.name(), () ->
        assertPasses(row.check().vjpN(row.f(), inputs(row)), row.name())));
  }

  @TestFactory
  Stream<DynamicTest> forwardModeMatchesFiniteDifferences() {
    return rows().map(row -> DynamicTest.dynamicTest(row.name(), () ->
        assertPasses(row.check().jvpN(row.f(), inputs(row)), row.name())));
  }

  /**
   * ⟨vjp(g), t⟩ = ⟨g, jvp(t)⟩ for random g and t, at three random points of the row's domain:
   * the two modes compute the same Jacobian.
   */
  @TestFactory
  Stream<DynamicTest> vjpAndJvpAreAdjoint() {
    return rows().flatMap(row -> Stream.of(0, 1, 2).map(draw -> DynamicTest.dynamicTest(row.name() + " (draw " + draw + ")", () -> {
      Tensor[] xs = draw == 0 ? inputs(row) : row.inputs().make(new Random(SEED + row.name().hashCode() + 7919L * draw));
      Random r = new Random(SEED + draw);
      Tensor[] ts = new Tensor[xs.length];
      for (int i = 0; i < xs.length; i++) {
        ts[i] = Data.variable(r, Data.uniform(-1, 1), xs[i].shape());
      }
      Tensor value;
      Tensor[] cotangents;
      Tensor tangentOut;
      Tensor g;
      if (xs.length == 1) {
        Function<Tensor, Tensor> f1 = x -> row.f().apply(new Tensor[] {x});
        Autodiff.Vjp vjp = Autodiff.vjp(f1, xs[0]);
        value = vjp.value();
        g = Data.variable(r, Data.uniform(-1, 1), value.shape()).to(value.dtype());
        cotangents = new Tensor[] {vjp.pullback().apply(g)};
        tangentOut = Autodiff.jvp(f1, xs[0], ts[0])[1];
      } else {
        Autodiff.VjpN vjp = Autodiff.vjpN(row.f(), xs);
        value = vjp.value();
        g = Data.variable(r, Data.uniform(-1, 1), value.shape()).to(value.dtype());
        cotangents = vjp.pullback().apply(g);
        tangentOut = Autodiff.jvpN(row.f(), xs, ts)[1];
      }
      assertEquals(xs.length, cotangents.length, "one cotangent per input");
      double lhs = 0;
      double scale = 0;
      for (int i = 0; i < xs.length; i++) {
        Approx.assertShape(xs[i].shape(), cotangents[i], "cotangent " + i);
        double d = Data.dot(cotangents[i].toDoubleArray(), ts[i].toDoubleArray());
        lhs += d;
        scale += Math.abs(d);
      }
      Approx.assertShape(value.shape(), tangentOut, "tangent of the output");
      double rhs = Data.dot(g.toDoubleArray(), tangentOut.toDoubleArray());
      double tol = row.precision() * Math.max(1, scale);
      assertEquals(rhs, lhs, tol, row.name() + ": <vjp(g), t> vs <g, jvp(t)>");
    })));
  }

  /** grad of {@code Σ w·f(x)}, itself checked by finite differences in both modes. */
  @TestFactory
  Stream<DynamicTest> secondDerivatives() {
    return rows().flatMap(row -> Stream.of(GradCheck.Mode.VJP, GradCheck.Mode.JVP).map(mode ->
        DynamicTest.dynamicTest(row.name() + " (" + mode + " of grad)", () -> {
          Tensor[] xs = inputs(row);
          long[] outShape = Autodiff.noGrad(() -> row.f().apply(xs)).shape();
          double[] w = Data.sample(new Random(SEED + 1), Data.uniform(0.5, 1.5), outShape);
          Function<Tensor[], Tensor> scalar = a -> {
            Tensor y = row.f().apply(a);
            return y.mul(Tensor.from(w, y.dtype(), Device.defaultDevice(), true, outShape)).sum();
          };
          Function<Tensor[], Tensor> grad0 = xs.length == 1
              ? a -> Autodiff.grad((Tensor x) -> scalar.apply(new Tensor[] {x})).apply(a[0])
              : Autodiff.gradN(scalar, 0);
          GradCheck.Report report = mode == GradCheck.Mode.VJP ? row.check().vjpN(grad0, xs) : row.check().jvpN(grad0, xs);
          assertPasses(report, row.name() + " second order");
        })));
  }

  @Test
  void signHasDerivativeZeroInEveryMode() {
    Tensor x = Tensor.of(-1.5, 0.5, 2.0);
    x.sign().mul(x).sum().backward();
    assertTensor(new long[] {3}, new double[] {-1, 1, 1}, x.grad(), 0, "d(sign(x)·x)/dx");
    Function<Tensor, Tensor> s = t -> t.sign().mul(3);
    assertTensor(new long[] {3}, new double[3], Autodiff.vjp(s, x).pullback().apply(Tensor.ones(3)), 0, "vjp of sign");
    assertTensor(new long[] {3}, new double[3], Autodiff.jvp(s, x, Tensor.ones(3))[1], 0, "jvp of sign");
    assertTensor(new long[] {3}, new double[] {-3, 3, 3}, Autodiff.jvp(s, x, Tensor.ones(3))[0], 0, "value of sign");
  }

  /** The documented values at kinks and singular points (those of JAX and PyTorch). */
  @Test
  void derivativesAtEdgePoints() {
    assertEquals(Double.POSITIVE_INFINITY, derivative(Tensor::sqrt, 0), "sqrt'(0) is +Inf, as JAX reports");
    assertEquals(0, derivative(Tensor::abs, 0), "abs'(0)");
    assertEquals(0, derivative(Tensor::relu, 0), "relu'(0)");
    assertEquals(0, derivative(x -> x.pow(0.0), 0), "d/dx x^0 at 0: x^0 is constant");
    assertEquals(2, derivative(x -> x.pow(2.0), 1), "d/dx x^2 at 1");
    assertEquals(1, derivative(x -> x.pow(1.0), 0), "d/dx x^1 at 0");
    assertEquals(0, derivative(y -> Tensor.constant(0.0).pow(y), 2), "d/dy 0^y at y = 2");
    assertEquals(0.5, derivative(x -> x.maximum(Tensor.constant(1.0)), 1), "maximum splits a tie");
    assertEquals(0.5, derivative(x -> x.minimum(Tensor.constant(1.0)), 1), "minimum splits a tie");
    assertEquals(1, derivative(x -> x.clip(0, 1), 1), "clip at its upper bound");
    Tensor x = Tensor.of(0.0);
    Tensor y = Tensor.of(0.0);
    x.pow(y).backward();
    assertEquals(0, x.grad().item(), "∂(x^y)/∂x at (0, 0)");
    assertEquals(0, y.grad().item(), "∂(x^y)/∂y at (0, 0)");
    assertEquals(0, Autodiff.jvp(t -> t.pow(0.0), Tensor.constant(0.0), Tensor.constant(1.0))[1].item(), "forward mode");
  }

  private static double derivative(Function<Tensor, Tensor> f, double at) {
    Tensor x = Tensor.of(at);
    f.apply(x).backward();
    double reverse = x.grad().item();
    double forward = Autodiff.jvp(f, Tensor.constant(at), Tensor.constant(1.0))[1].item();
    assertEquals(reverse, forward, "reverse and forward mode agree at " + at);
    return reverse;
  }

  @Test
  void tableInputsAreOnTheDefaultDevice() {
    for (PrimitiveTable.Row row : PrimitiveTable.ROWS) {
      for (Tensor t : inputs(row)) {
        assertEquals(device(), t.device(), row.name());
        assertEquals(DType.FLOAT64, t.dtype(), row.name());
      }
    }
  }
}
