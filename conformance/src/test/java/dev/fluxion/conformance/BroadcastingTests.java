package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertPasses;
import static dev.fluxion.conformance.Approx.assertTensor;

import dev.fluxion.GradCheck;
import dev.fluxion.Shape;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * NumPy broadcasting of every arithmetic binary op: result shapes, values and gradients against
 * a plain-Java reference (each gradient summed back to its input's shape), and finite
 * differences in both modes.
 */
public abstract class BroadcastingTests extends DeviceTest {
  /** Operand shapes and the broadcast shape. */
  private record Case(long[] a, long[] b, long[] out) {
    @Override
    public String toString() {
      return Arrays.toString(a) + " × " + Arrays.toString(b);
    }
  }

  private static final List<Case> CASES = List.of(
      new Case(new long[] {3, 1}, new long[] {1, 4}, new long[] {3, 4}),
      new Case(new long[] {2, 3, 4}, new long[] {4}, new long[] {2, 3, 4}),
      new Case(new long[] {4}, new long[] {2, 3, 4}, new long[] {2, 3, 4}),
      new Case(new long[] {}, new long[] {2, 3}, new long[] {2, 3}),
      new Case(new long[] {2, 3}, new long[] {}, new long[] {2, 3}),
      new Case(new long[] {2, 1, 4}, new long[] {3, 1}, new long[] {2, 3, 4}),
      new Case(new long[] {1, 3, 1}, new long[] {2, 1, 1}, new long[] {2, 3, 1}));

  private static Stream<DynamicTest> each(Body body) {
    return ArithmeticOps.all().stream().flatMap(op -> CASES.stream().map(c ->
        DynamicTest.dynamicTest(op + " " + c, () -> body.run(op, c, new Random(Arrays.hashCode(c.out) + op.ordinal())))));
  }

  private interface Body {
    void run(ArithmeticOps op, Case c, Random r) throws Throwable;
  }

  @TestFactory
  Stream<DynamicTest> valuesAndGradientsMatchAPlainJavaReference() {
    return each((op, c, r) -> {
      double[] av = Data.sample(r, op.domainA, c.a);
      double[] bv = Data.sample(r, op.domainB, c.b);
      double[] seed = Data.sample(r, Data.uniform(-1, 1), c.out);
      Tensor a = Tensor.from(av, c.a);
      Tensor b = Tensor.from(bv, c.b);
      Tensor y = op.apply(a, b);
      y.backward(Tensor.from(seed, c.out));

      int[] ia = sourceIndex(c.a, c.out);
      int[] ib = sourceIndex(c.b, c.out);
      double[] value = new double[seed.length];
      double[] ga = new double[av.length];
      double[] gb = new double[bv.length];
      for (int i = 0; i < seed.length; i++) {
        double x = av[ia[i]];
        double z = bv[ib[i]];
        value[i] = op.value(x, z);
        ga[ia[i]] += seed[i] * op.da(x, z);
        gb[ib[i]] += seed[i] * op.db(x, z);
      }
      assertTensor(c.out, value, y, 1e-12, op + " value");
      assertTensor(c.a, ga, a.grad(), 1e-12, op + " gradient of a");
      assertTensor(c.b, gb, b.grad(), 1e-12, op + " gradient of b");
    });
  }

  @TestFactory
  Stream<DynamicTest> reverseModeMatchesFiniteDifferences() {
    return each((op, c, r) -> assertPasses(GradCheck.defaults().vjpN(x -> op.apply(x[0], x[1]),
        Data.variable(r, op.domainA, c.a), Data.variable(r, op.domainB, c.b)), op + " " + c));
  }

  @TestFactory
  Stream<DynamicTest> forwardModeMatchesFiniteDifferences() {
    return each((op, c, r) -> assertPasses(GradCheck.defaults().jvpN(x -> op.apply(x[0], x[1]),
        Data.variable(r, op.domainA, c.a), Data.variable(r, op.domainB, c.b)), op + " " + c));
  }

  /** Operands large enough to be split across threads, one of them a transposed (strided) view. */
  @TestFactory
  Stream<DynamicTest> largeStridedOperands() {
    return ArithmeticOps.all().stream().map(op -> DynamicTest.dynamicTest(op.toString(), () -> {
      Random r = new Random(op.ordinal());
      long[] stored = {300, 1, 41};
      long[] shapeB = {70, 1};
      double[] av = Data.sample(r, op.domainA, stored);
      double[] bv = Data.sample(r, op.domainB, shapeB);
      Tensor a = Tensor.from(av, stored).transpose(2, 1, 0);
      Tensor y = op.apply(a, Tensor.from(bv, shapeB));
      long[] out = {41, 70, 300};
      double[] aT = a.toDoubleArray();
      int[] ia = sourceIndex(new long[] {41, 1, 300}, out);
      int[] ib = sourceIndex(shapeB, out);
      double[] expected = new double[ia.length];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = op.value(aT[ia[i]], bv[ib[i]]);
      }
      assertTensor(out, expected, y, 1e-14, op + " of large strided operands");
    }));
  }

  /** For each element of {@code out} (row-major), the flat index of the element of {@code in} it reads. */
  static int[] sourceIndex(long[] in, long[] out) {
    int n = (int) Shape.size(out);
    int[] map = new int[n];
    int lead = out.length - in.length;
    long[] inStrides = new long[in.length];
    for (int d = in.length - 1, s = 1; d >= 0; d--) {
      inStrides[d] = in[d] == 1 ? 0 : s;
      s *= (int) in[d];
    }
    for (int i = 0; i < n; i++) {
      long rest = i;
      long src = 0;
      for (int d = out.length - 1; d >= 0; d--) {
        long k = rest % out[d];
        rest /= out[d];
        if (d >= lead) {
          src += k * inStrides[d - lead];
        }
      }
      map[i] = (int) src;
    }
    return map;
  }
}
