package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertPasses;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.GradCheck;
import dev.fluxion.Shape;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code matmul} with NumPy's rules — vectors, matrices, batches with broadcast batch axes and
 * transposed (strided) operand views — against a plain-Java reference, in FLOAT64 and FLOAT32,
 * and its derivatives against finite differences.
 */
public abstract class MatmulTests extends DeviceTest {
  /**
   * One product. The operands are made with shapes {@code storedA}/{@code storedB} and then
   * passed through {@code viewA}/{@code viewB} (e.g. a transpose), giving shapes {@code a}/{@code b}.
   */
  private record Case(String name, long[] storedA, UnaryOperator<Tensor> viewA, long[] storedB,
      UnaryOperator<Tensor> viewB, long[] out) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final UnaryOperator<Tensor> AS_IS = t -> t;
  private static final UnaryOperator<Tensor> LAST_TWO_SWAPPED = t -> t.swapAxes(-1, -2);

  private static final List<Case> CASES = List.of(
      new Case("1-d · 1-d", s(4), AS_IS, s(4), AS_IS, s()),
      new Case("1-d · 2-d", s(3), AS_IS, s(3, 5), AS_IS, s(5)),
      new Case("2-d · 1-d", s(2, 3), AS_IS, s(3), AS_IS, s(2)),
      new Case("2-d · 2-d", s(2, 3), AS_IS, s(3, 4), AS_IS, s(2, 4)),
      new Case("(2,3,4) @ (4,5)", s(2, 3, 4), AS_IS, s(4, 5), AS_IS, s(2, 3, 5)),
      new Case("(4) @ (2,4,3)", s(4), AS_IS, s(2, 4, 3), AS_IS, s(2, 3)),
      new Case("(2,3,4) @ (4)", s(2, 3, 4), AS_IS, s(4), AS_IS, s(2, 3)),
      new Case("(2,1,3,4) @ (5,4,2)", s(2, 1, 3, 4), AS_IS, s(5, 4, 2), AS_IS, s(2, 5, 3, 2)),
      new Case("Aᵀ @ B", s(4, 3), LAST_TWO_SWAPPED, s(4, 5), AS_IS, s(3, 5)),
      new Case("A @ Bᵀ", s(3, 4), AS_IS, s(5, 4), LAST_TWO_SWAPPED, s(3, 5)),
      new Case("Aᵀ @ Bᵀ", s(4, 3), LAST_TWO_SWAPPED, s(5, 4), LAST_TWO_SWAPPED, s(3, 5)),
      new Case("batched Aᵀ @ Bᵀ", s(2, 4, 3), LAST_TWO_SWAPPED, s(2, 5, 4), LAST_TWO_SWAPPED, s(2, 3, 5)),
      new Case("permuted batch (3,2,4)→(2,3,4) @ (4,2)", s(3, 2, 4), t -> t.transpose(1, 0, 2), s(4, 2), AS_IS, s(2, 3, 2)),
      new Case("sliced operands", s(3, 8), t -> t.slice(1, 0, 8, 2),
          s(6, 5), t -> t.slice(0, 1, 5, 1).slice(1, 4, -6, -1), s(3, 5)),
      new Case("k = 1 outer product", s(3, 1), AS_IS, s(1, 4), AS_IS, s(3, 4)),
      // a batch of columns whose size-1 axis has a stride other than 1 (from a transpose or a
      // flip; vmap and jacfwd make such views), times one shared matrix
      new Case("batch of transposed rows (2,1,3)→(2,3,1) @ (1,4)", s(2, 1, 3), LAST_TWO_SWAPPED, s(1, 4), AS_IS, s(2, 3, 4)),
      new Case("batch of flipped columns (2,2,1) @ (1,3)", s(2, 2, 1), t -> t.flip(2), s(1, 3), AS_IS, s(2, 2, 3)));

  private static long[] s(long... shape) {
    return shape;
  }

  private static Stream<DynamicTest> each(CaseBody body) {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> body.run(c, new Random(c.name().hashCode()))));
  }

  private interface CaseBody {
    void run(Case c, Random r);
  }

  @TestFactory
  Stream<DynamicTest> float64ValuesMatchAPlainJavaReference() {
    return each((c, r) -> checkValues(c, r, DType.FLOAT64, 1e-12));
  }

  @TestFactory
  Stream<DynamicTest> float32ValuesMatchAPlainJavaReference() {
    return each((c, r) -> checkValues(c, r, DType.FLOAT32, 1e-5));
  }

  private void checkValues(Case c, Random r, DType dtype, double tol) {
    double[] a = Data.sample(r, Data.uniform(-1, 1), c.storedA);
    double[] b = Data.sample(r, Data.uniform(-1, 1), c.storedB);
    Device d = Device.defaultDevice();
    Tensor ta = c.viewA.apply(Tensor.from(a, dtype, d, false, c.storedA));
    Tensor tb = c.viewB.apply(Tensor.from(b, dtype, d, false, c.storedB));
    double[] expected = reference(ta.toDoubleArray(), ta.shape(), tb.toDoubleArray(), tb.shape());
    Tensor y = ta.matmul(tb);
    assertEquals(dtype, y.dtype(), "result dtype");
    assertTensor(c.out, expected, y, tol, c.name());
  }

  @TestFactory
  Stream<DynamicTest> reverseModeMatchesFiniteDifferences() {
    return each((c, r) -> assertPasses(GradCheck.defaults().vjpN(x -> c.viewA.apply(x[0]).matmul(c.viewB.apply(x[1])),
        Data.variable(r, Data.uniform(-1, 1), c.storedA), Data.variable(r, Data.uniform(-1, 1), c.storedB)), c.name()));
  }

  @TestFactory
  Stream<DynamicTest> forwardModeMatchesFiniteDifferences() {
    return each((c, r) -> assertPasses(GradCheck.defaults().jvpN(x -> c.viewA.apply(x[0]).matmul(c.viewB.apply(x[1])),
        Data.variable(r, Data.uniform(-1, 1), c.storedA), Data.variable(r, Data.uniform(-1, 1), c.storedB)), c.name()));
  }

  /**
   * Products big enough for the blocked, parallel and native GEMM paths, with row-major and
   * transposed operands and folded batches. FLOAT32 sums of 300 terms keep about 6 digits.
   */
  @Test
  void largeProductsMatchTheReference() {
    Random r = new Random(11);
    Device d = Device.defaultDevice();
    long[][][] shapes = {
        {{70, 65}, {65, 80}}, {{3, 40, 33}, {33, 50}}, {{2, 1, 31, 300}, {4, 300, 17}}, {{129, 257}, {257, 1}}};
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
      for (long[][] s : shapes) {
        for (boolean transposed : new boolean[] {false, true}) {
          Tensor a = Tensor.from(Data.sample(r, Data.uniform(-1, 1), s[0]), dtype, d, true, s[0]);
          long[] storedB = transposed ? swapLast(s[1]) : s[1];
          Tensor b = Tensor.from(Data.sample(r, Data.uniform(-1, 1), storedB), dtype, d, true, storedB);
          if (transposed) {
            b = b.swapAxes(-1, -2);
          }
          double[] expected = reference(a.toDoubleArray(), a.shape(), b.toDoubleArray(), b.shape());
          String what = Arrays.toString(s[0]) + " @ " + Arrays.toString(s[1]) + (transposed ? "ᵀ-view " : " ") + dtype;
          Approx.assertClose(expected, a.matmul(b).toDoubleArray(), tol, tol, what);
        }
      }
    }
  }

  private static long[] swapLast(long[] s) {
    long[] t = s.clone();
    t[t.length - 1] = s[s.length - 2];
    t[t.length - 2] = s[s.length - 1];
    return t;
  }

  @Test
  void float32GradientsStayFloat32() {
    Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new float[][] {{0.5f, -1}, {2, 0.25f}});
    a.matmul(b).sum().backward();
    assertEquals(DType.FLOAT32, a.grad().dtype());
    assertTensor(new long[] {2, 2}, new double[] {-0.5, 2.25, -0.5, 2.25}, a.grad(), 1e-6, "dA = 1·Bᵀ");
    assertTensor(new long[] {2, 2}, new double[] {4, 4, 6, 6}, b.grad(), 1e-6, "dB = Aᵀ·1");
  }

  @Test
  void integerMatmulIsExact() {
    Tensor a = Tensor.from(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.from(new int[] {7, 8, 9, 10, 11, 12}, 3, 2);
    Tensor y = a.matmul(b);
    assertEquals(DType.INT32, y.dtype());
    assertTensor(new long[] {2, 2}, new double[] {58, 64, 139, 154}, y, 0, "int32 matmul");
  }

  /** NumPy's matmul on row-major data, with 1-d operands promoted and their axis removed again. */
  static double[] reference(double[] a, long[] sa, double[] b, long[] sb) {
    long[] ma = sa.length == 1 ? new long[] {1, sa[0]} : sa;
    long[] mb = sb.length == 1 ? new long[] {sb[0], 1} : sb;
    int n = (int) ma[ma.length - 2];
    int k = (int) ma[ma.length - 1];
    int m = (int) mb[mb.length - 1];
    long[] batchA = Arrays.copyOf(ma, ma.length - 2);
    long[] batchB = Arrays.copyOf(mb, mb.length - 2);
    long[] batch = Shape.broadcast("reference", batchA, batchB);
    int[] ia = BroadcastingTests.sourceIndex(batchA, batch);
    int[] ib = BroadcastingTests.sourceIndex(batchB, batch);
    double[] out = new double[ia.length * n * m];
    for (int q = 0; q < ia.length; q++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double sum = 0;
          for (int p = 0; p < k; p++) {
            sum += a[ia[q] * n * k + i * k + p] * b[ib[q] * k * m + p * m + j];
          }
          out[(q * n + i) * m + j] = sum;
        }
      }
    }
    return out;
  }
}
