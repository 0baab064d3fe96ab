package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertExact;
import static dev.fluxion.conformance.Approx.assertPasses;
import static dev.fluxion.conformance.Approx.assertShape;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.GradCheck;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reductions of a (2, 3, 4) tensor over every subset of axes (given as non-negative and as
 * negative axis numbers; none = all), with and without keepDims: values against a plain-Java
 * reference and derivatives against finite differences. Softmax, argmax/argmin and ties.
 */
public abstract class ReductionTests extends DeviceTest {
  private static final long[] SHAPE = {2, 3, 4};

  private interface Reducer {
    Tensor apply(Tensor x, boolean keepDims, int... axes);
  }

  /** A reduction with its reference on one group of elements. */
  private enum Op {
    SUM((x, k, a) -> x.sum(k, a), g -> Arrays.stream(g).sum()),
    MEAN((x, k, a) -> x.mean(k, a), g -> Arrays.stream(g).average().orElseThrow()),
    MAX((x, k, a) -> x.max(k, a), g -> Arrays.stream(g).max().orElseThrow()),
    MIN((x, k, a) -> x.min(k, a), g -> Arrays.stream(g).min().orElseThrow()),
    PROD((x, k, a) -> x.prod(k, a), g -> Arrays.stream(g).reduce(1, (p, v) -> p * v)),
    VAR((x, k, a) -> x.var(k, a), Op::variance),
    STD((x, k, a) -> x.std(k, a), g -> Math.sqrt(variance(g))),
    LOGSUMEXP((x, k, a) -> x.logsumexp(k, a), g -> Math.log(Arrays.stream(g).map(Math::exp).sum()));

    final Reducer f;
    final ToDoubleFunction<double[]> ref;

    Op(Reducer f, ToDoubleFunction<double[]> ref) {
      this.f = f;
      this.ref = ref;
    }

    private static double variance(double[] g) {
      double m = Arrays.stream(g).average().orElseThrow();
      return Arrays.stream(g).map(v -> (v - m) * (v - m)).average().orElseThrow();
    }
  }

  /** One way of naming a set of reduced axes. */
  private record Axes(int[] given, boolean[] reduced, boolean keepDims) {
    @Override
    public String toString() {
      return "axes " + Arrays.toString(given) + (keepDims ? " keepDims" : "");
    }

    long[] outShape() {
      List<Long> s = new ArrayList<>();
      for (int d = 0; d < SHAPE.length; d++) {
        if (!reduced[d]) {
          s.add(SHAPE[d]);
        } else if (keepDims) {
          s.add(1L);
        }
      }
      return s.stream().mapToLong(Long::longValue).toArray();
    }
  }

  /** Every subset of {0, 1, 2}, as non-negative and as negative axes (the empty set means all). */
  private static List<Axes> allAxes() {
    List<Axes> out = new ArrayList<>();
    for (int mask = 0; mask < 8; mask++) {
      int m = mask;
      int[] pos = IntStream.range(0, 3).filter(d -> (m & (1 << d)) != 0).toArray();
      int[] neg = Arrays.stream(pos).map(d -> d - 3).toArray();
      boolean[] reduced = new boolean[3];
      for (int d = 0; d < 3; d++) {
        reduced[d] = mask == 0 || (mask & (1 << d)) != 0;
      }
      for (boolean keep : new boolean[] {false, true}) {
        out.add(new Axes(pos, reduced, keep));
        if (mask != 0) {
          out.add(new Axes(neg, reduced, keep));
        }
      }
    }
    return out;
  }

  /** The reference result: groups of elements that share the indices of the kept axes. */
  private static double[] reference(double[] x, Axes axes, ToDoubleFunction<double[]> ref) {
    int[] keptSizes = new int[3];
    for (int d = 0; d < 3; d++) {
      keptSizes[d] = axes.reduced[d] ? 1 : (int) SHAPE[d];
    }
    int outSize = keptSizes[0] * keptSizes[1] * keptSizes[2];
    List<List<Double>> groups = new ArrayList<>();
    for (int i = 0; i < outSize; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          int oi = axes.reduced[0] ? 0 : i;
          int oj = axes.reduced[1] ? 0 : j;
          int ok = axes.reduced[2] ? 0 : k;
          groups.get((oi * keptSizes[1] + oj) * keptSizes[2] + ok).add(x[(i * 3 + j) * 4 + k]);
        }
      }
    }
    return groups.stream().mapToDouble(g -> ref.applyAsDouble(g.stream().mapToDouble(Double::doubleValue).toArray())).toArray();
  }

  private static double[] input() {
    return Data.distinct(new Random(7), 24);
  }

  private static Stream<DynamicTest> each(java.util.function.BiConsumer<Op, Axes> body) {
    return Arrays.stream(Op.values()).flatMap(op -> allAxes().stream().map(axes ->
        DynamicTest.dynamicTest(op + " " + axes, () -> body.accept(op, axes))));
  }

  @TestFactory
  Stream<DynamicTest> valuesMatchAPlainJavaReference() {
    return each((op, axes) -> {
      double[] x = input();
      Tensor y = op.f.apply(Tensor.from(x, SHAPE), axes.keepDims, axes.given);
      assertTensor(axes.outShape(), reference(x, axes, op.ref), y, 1e-12, op + " " + axes);
      assertEquals(DType.FLOAT64, y.dtype());
    });
  }

  @TestFactory
  Stream<DynamicTest> reverseModeMatchesFiniteDifferences() {
    return each((op, axes) -> assertPasses(
        GradCheck.defaults().vjp(x -> op.f.apply(x, axes.keepDims, axes.given), Tensor.from(input(), SHAPE)), op + " " + axes));
  }

  @TestFactory
  Stream<DynamicTest> forwardModeMatchesFiniteDifferences() {
    return each((op, axes) -> assertPasses(
        GradCheck.defaults().jvp(x -> op.f.apply(x, axes.keepDims, axes.given), Tensor.from(input(), SHAPE)), op + " " + axes));
  }

  /** A tensor large enough for the reduction kernels to split the work across threads. */
  @Test
  void largeTensorsReduceLikeTheReference() {
    int n0 = 7;
    int n1 = 1031;
    int n2 = 37;
    double[] x = Data.sample(new Random(3), Data.uniform(-1, 1), n0, n1, n2);
    Tensor t = Tensor.from(x, n0, n1, n2);
    for (int axis = 0; axis < 3; axis++) {
      int[] sizes = {n0, n1, n2};
      int[] strides = {n1 * n2, n2, 1};
      int a = axis;
      int outer = x.length / sizes[a];
      double[] sum = new double[outer];
      double[] max = new double[outer];
      int k = 0;
      for (int i = 0; i < sizes[0]; i++) {
        for (int j = 0; j < sizes[1]; j++) {
          for (int l = 0; l < sizes[2]; l++) {
            int[] idx = {i, j, l};
            if (idx[a] != 0) {
              continue;
            }
            double s = 0;
            double m = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < sizes[a]; q++) {
              double v = x[i * strides[0] + j * strides[1] + l * strides[2] + q * strides[a]];
              s += v;
              m = Math.max(m, v);
            }
            sum[k] = s;
            max[k++] = m;
          }
        }
      }
      Approx.assertClose(sum, t.sum(a).toDoubleArray(), 1e-10, 1e-10, "sum over axis " + a);
      Approx.assertClose(max, t.max(a).toDoubleArray(), 0, 0, "max over axis " + a);
    }
    assertEquals(Arrays.stream(x).sum(), t.sum().item(), 1e-9, "sum of all");
    assertEquals(Arrays.stream(x).min().orElseThrow(), t.min().item(), "min of all");
    assertEquals(Arrays.stream(x).sum(), t.transpose(2, 0, 1).sum(0, 2).sum().item(), 1e-9, "sum of a permuted view");
  }

  @Test
  void overloadsWithoutKeepDimsAgree() {
    Tensor x = Tensor.from(input(), SHAPE);
    assertExact(x.sum(false).toDoubleArray(), x.sum(), "sum()");
    assertExact(x.sum(false, 1).toDoubleArray(), x.sum(1), "sum(1)");
    assertExact(x.mean(false, 0, 2).toDoubleArray(), x.mean(0, 2), "mean(0, 2)");
    assertExact(x.max(false, -1).toDoubleArray(), x.max(-1), "max(-1)");
    assertExact(x.min(false).toDoubleArray(), x.min(), "min()");
    assertExact(x.prod(false, 2).toDoubleArray(), x.prod(2), "prod(2)");
    assertExact(x.var(false, 1).toDoubleArray(), x.var(1), "var(1)");
    assertExact(x.std(false).toDoubleArray(), x.std(), "std()");
    assertExact(x.logsumexp(false, 0).toDoubleArray(), x.logsumexp(0), "logsumexp(0)");
    assertShape(new long[0], x.sum(), "sum()");
  }

  @TestFactory
  Stream<DynamicTest> softmaxAlongEachAxis() {
    return IntStream.of(0, 1, 2, -1, -2, -3).boxed().flatMap(axis -> Stream.of(
        DynamicTest.dynamicTest("softmax(" + axis + ")", () -> checkSoftmax(axis, false)),
        DynamicTest.dynamicTest("logSoftmax(" + axis + ")", () -> checkSoftmax(axis, true))));
  }

  private void checkSoftmax(int axis, boolean log) {
    double[] x = input();
    int a = axis < 0 ? axis + 3 : axis;
    boolean[] reduced = new boolean[3];
    reduced[a] = true;
    double[] lse = reference(x, new Axes(new int[] {a}, reduced, true), Op.LOGSUMEXP.ref);
    double[] expected = new double[24];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          int[] idx = {i, j, k};
          idx[a] = 0;
          int g = (idx[0] * (reduced[1] ? 1 : 3) + idx[1]) * (reduced[2] ? 1 : 4) + idx[2];
          double v = x[(i * 3 + j) * 4 + k] - lse[g];
          expected[(i * 3 + j) * 4 + k] = log ? v : Math.exp(v);
        }
      }
    }
    Tensor y = log ? Tensor.from(x, SHAPE).logSoftmax(axis) : Tensor.from(x, SHAPE).softmax(axis);
    assertTensor(SHAPE, expected, y, 1e-12, (log ? "logSoftmax " : "softmax ") + axis);
    if (!log) {
      assertTensor(new long[] {2, 3, 4}, ones(24), y.sum(true, axis).broadcastTo(SHAPE), 1e-12, "softmax sums to 1");
    }
    GradCheck.Report rev = GradCheck.defaults().vjp(t -> log ? t.logSoftmax(axis) : t.softmax(axis), Tensor.from(x, SHAPE));
    assertPasses(rev, "softmax reverse");
    GradCheck.Report fwd = GradCheck.defaults().jvp(t -> log ? t.logSoftmax(axis) : t.softmax(axis), Tensor.from(x, SHAPE));
    assertPasses(fwd, "softmax forward");
  }

  private static double[] ones(int n) {
    double[] o = new double[n];
    Arrays.fill(o, 1);
    return o;
  }

  @Test
  void argmaxAndArgminPickTheFirstOfTies() {
    Tensor x = Tensor.of(new double[][] {{1, 3, 3, 0}, {5, 5, -1, -1}});
    Tensor am = x.argmax(1);
    assertEquals(DType.INT64, am.dtype());
    assertTrue(am.isConstant(), "argmax is a constant");
    assertTensor(new long[] {2}, new double[] {1, 0}, am, 0, "argmax(1)");
    assertTensor(new long[] {2}, new double[] {3, 2}, x.argmin(1), 0, "argmin(1)");
    assertTensor(new long[] {2}, new double[] {3, 2}, x.argmin(-1), 0, "argmin(-1)");
    assertTensor(new long[] {4}, new double[] {1, 1, 0, 0}, x.argmax(0), 0, "argmax(0)");
    assertTensor(new long[] {4}, new double[] {0, 0, 1, 1}, x.argmin(0), 0, "argmin(0)");
    assertTensor(new long[0], new double[] {4}, x.argmax(), 0, "argmax() of the flattened tensor");
    assertTensor(new long[0], new double[] {6}, x.argmin(), 0, "argmin() of the flattened tensor");
  }

  @Test
  void maxGradientIsSplitEquallyAmongTies() {
    Tensor x = Tensor.of(1.0, 3.0, 3.0, 2.0);
    x.max().backward();
    assertTensor(new long[] {4}, new double[] {0, 0.5, 0.5, 0}, x.grad(), 1e-15, "d max / dx with a tie");

    Tensor y = Tensor.of(1.0, 1.0, 1.0, 2.0);
    y.min().backward();
    assertTensor(new long[] {4}, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, y.grad(), 1e-15, "d min / dx with a tie");

    Tensor m = Tensor.of(new double[][] {{1, 3, 3}, {2, 2, 2}});
    m.max(1).backward(Tensor.of(1.0, 6.0));
    assertTensor(new long[] {2, 3}, new double[] {0, 0.5, 0.5, 2, 2, 2}, m.grad(), 1e-15, "max along an axis");

    Tensor t = Autodiff.jvp(v -> v.max(true, 1), Tensor.constant(new double[][] {{1, 3, 3}, {2, 2, 2}}),
        Tensor.constant(new double[][] {{5, 1, 2}, {3, 6, 9}}))[1];
    assertTensor(new long[] {2, 1}, new double[] {1.5, 6}, t, 1e-15, "jvp of max averages tied tangents");
  }
}
