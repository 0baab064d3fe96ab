package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertExact;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Shape;
import dev.fluxion.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Advanced indexing (take, get, mask, takeAlongAxis, scatterAdd, indexAdd, set) against
 * reference loops over Java arrays on random shapes and indices, with NumPy's rules for negative
 * and out-of-range indices, dtypes, the gradients MyGrad's setitem promises, vmap with batched
 * indices, refusal of data-dependent shapes under vmap, and deterministic scatter-add. Gradient
 * checks of every op are rows of {@link PrimitiveTable}.
 */
public abstract class IndexingTests extends DeviceTest {
  private static final long SEED = 20261414;

  // ---------------------------------------------------------------------------------------
  // reference loops (row-major arrays)
  // ---------------------------------------------------------------------------------------

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      s[d] = acc;
      acc *= shape[d];
    }
    return s;
  }

  private static long[] coords(long flat, long[] shape) {
    long[] c = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      c[d] = flat % shape[d];
      flat /= shape[d];
    }
    return c;
  }

  private static long offset(long[] c, long[] shape) {
    long[] s = strides(shape);
    long at = 0;
    for (int d = 0; d < c.length; d++) {
      at += (shape[d] == 1 ? 0 : c[d]) * s[d];
    }
    return at;
  }

  private static long wrap(long i, long n) {
    return i < 0 ? i + n : i;
  }

  /** NumPy's take: out[p..., j..., q...] = x[p..., idx[j...], q...]. */
  static double[] referenceTake(double[] x, long[] xs, int axis, long[] idx, long[] is) {
    long[] os = new long[xs.length - 1 + is.length];
    System.arraycopy(xs, 0, os, 0, axis);
    System.arraycopy(is, 0, os, axis, is.length);
    System.arraycopy(xs, axis + 1, os, axis + is.length, xs.length - axis - 1);
    double[] out = new double[(int) Shape.size(os)];
    for (int f = 0; f < out.length; f++) {
      long[] c = coords(f, os);
      long[] ic = java.util.Arrays.copyOfRange(c, axis, axis + is.length);
      long[] xc = new long[xs.length];
      System.arraycopy(c, 0, xc, 0, axis);
      xc[axis] = wrap(idx[(int) offset(ic, is)], xs[axis]);
      System.arraycopy(c, axis + is.length, xc, axis + 1, xs.length - axis - 1);
      out[f] = x[(int) offset(xc, xs)];
    }
    return out;
  }

  /** NumPy's add.at along an axis: out = x; out[..idx[o]..] += src[o] over the broadcast iteration shape. */
  static double[] referenceScatterAdd(double[] x, long[] xs, int axis, long[] idx, long[] is, double[] src, long[] ss) {
    double[] out = x.clone();
    long[] o = is.clone();
    for (int d = 0; d < o.length; d++) {
      o[d] = Math.max(Math.max(is[d], ss[d]), d == axis ? 1 : xs[d]);
    }
    for (long f = 0; f < Shape.size(o); f++) {
      long[] c = coords(f, o);
      long[] t = c.clone();
      t[axis] = wrap(idx[(int) offset(c, is)], xs[axis]);
      out[(int) offset(t, xs)] += src[(int) offset(c, ss)];
    }
    return out;
  }

  private static long[] randomIndices(Random r, int count, long n) {
    long[] idx = new long[count];
    for (int i = 0; i < count; i++) {
      idx[i] = r.nextInt((int) (2 * n)) - n;
    }
    return idx;
  }

  private static double[] randomValues(Random r, long... shape) {
    return Data.sample(r, Data.uniform(-2, 2), shape);
  }

  /** The snippet of the README's "Indexing" section, verbatim, with the values it promises. */
  @Test
  void theReadmeSnippetRunsAsWritten() {
    // --- README begins ---
    Tensor x = Tensor.of(new double[][] {{1, -2, 3}, {-4, 5, -6}});
    System.out.println(x.take(1, Tensor.of(2, 0, -1)));   // [[3, 1, 3], [-6, -4, -6]]: columns 2, 0 and the last
    System.out.println(x.get(x.gt(0)));                   // Tensor([1., 3., 5.]): a bool mask gives a 1-d tensor
    System.out.println(x.takeAlongAxis(1, x.argmax(1).expandDims(1)));                          // [[3], [5]]
    System.out.println(Tensor.zeros(3).indexAdd(0, Tensor.of(0, 2, 2), Tensor.of(1.0, 2.0, 3.0)));  // Tensor([1., 0., 5.])
    Tensor v = Tensor.of(10.0);
    Tensor y = x.set(new long[] {0, 1}, v);               // MyGrad's x[0, 1] = v, as an op: x is unchanged
    y.mul(y).sum().backward();
    System.out.println(x.grad());                         // [[2, 0, 6], [-8, 10, -12]]: none for the overwritten element
    System.out.println(v.grad());                         // Tensor(20.)
    // --- README ends ---
    assertEquals("Tensor([[ 3.,  1.,  3.],\n        [-6., -4., -6.]])", x.take(1, Tensor.of(2, 0, -1)).toString());
    assertEquals("Tensor([1., 3., 5.])", x.get(x.gt(0)).toString());
    assertExact(new double[] {3, 5}, x.takeAlongAxis(1, x.argmax(1).expandDims(1)), "row maxima");
    assertEquals("Tensor([1., 0., 5.])", Tensor.zeros(3).indexAdd(0, Tensor.of(0, 2, 2), Tensor.of(1.0, 2.0, 3.0)).toString());
    assertExact(new double[] {2, 0, 6, -8, 10, -12}, x.grad(), "x's gradient");
    assertEquals("Tensor(20.)", v.grad().toString());
    assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> x.take(1, Tensor.of(3))),
        "take: index 3 is out of bounds for axis 1 with size 3");
  }

  // ---------------------------------------------------------------------------------------
  // gathers
  // ---------------------------------------------------------------------------------------

  @Test
  void takeMatchesNumpysRuleOnRandomShapesAxesAndIndexShapes() {
    Random r = new Random(SEED);
    long[][] shapes = {{7}, {4, 5}, {3, 1, 6}, {2, 3, 4, 2}};
    long[][] indexShapes = {{}, {3}, {2, 5}, {1, 2, 2}};
    for (long[] xs : shapes) {
      for (int axis = 0; axis < xs.length; axis++) {
        for (long[] is : indexShapes) {
          double[] data = randomValues(r, xs);
          long[] idx = randomIndices(r, (int) Shape.size(is), xs[axis]);
          Tensor x = Tensor.from(data, xs);
          Tensor got = x.take(axis == 0 ? -xs.length : axis, Tensor.from(idx, is));
          double[] expected = referenceTake(data, xs, axis, idx, is);
          String what = "take axis " + axis + " of " + Shape.str(xs) + " with indices " + java.util.Arrays.toString(idx)
              + " of shape " + Shape.str(is);
          assertEquals(xs.length - 1 + is.length, got.ndim(), what + ": rank");
          assertClose(expected, got.toDoubleArray(), 0, 0, what);
        }
      }
    }
  }

  @Test
  void takeOfNonContiguousViewsAndEveryDtype() {
    Tensor x = Tensor.arange(0, 24).reshape(4, 6).T().slice(1, 3, 0, -1);   // [6, 3], strided and flipped
    double[] data = Autodiff.noGrad(x::copy).toDoubleArray();
    Tensor idx = Tensor.of(-1, 0, 4, 4);
    double[] expected = referenceTake(data, new long[] {6, 3}, 0, new long[] {-1, 0, 4, 4}, new long[] {4});
    assertExact(expected, x.take(0, idx), "take of a transposed, flipped view");
    for (DType t : DType.values()) {
      Tensor typed = x.to(t);
      Tensor got = typed.take(0, idx);
      assertEquals(t, got.dtype(), "take keeps the dtype");
      assertExact(Autodiff.noGrad(() -> typed.to(DType.FLOAT64).take(0, idx)).toDoubleArray(), got, "take of " + t);
    }
  }

  @Test
  void getWithIntegerIndicesIsTakeOnAxisZeroAndWithABoolMaskIsMask() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    assertExact(new double[] {5, 6, 1, 2, 5, 6}, x.get(Tensor.of(-1, 0, 2)), "x[[-1, 0, 2]]");
    assertShape(new long[] {3, 2}, x.get(Tensor.of(-1, 0, 2)), "x[[-1, 0, 2]]");
    Tensor positive = x.get(x.gt(2.5));
    assertShape(new long[] {4}, positive, "x[x > 2.5]");
    assertExact(new double[] {3, 4, 5, 6}, positive, "x[x > 2.5]");
    assertExact(new double[] {1, 2, 5, 6}, x.get(Tensor.of(true, false, true)), "rows by a mask of the leading axis");
    assertShape(new long[] {0}, x.mask(x.gt(10.0)), "an empty selection");
  }

  @Test
  void maskGivesTheSelectedElementsInRowMajorOrderAndItsGradientScattersBack() {
    Tensor x = Tensor.of(new double[][] {{-1, 2, -3}, {4, -5, 6}});
    Tensor selected = x.mask(x.gt(0.0));
    assertExact(new double[] {2, 4, 6}, selected, "x[x > 0]");
    selected.mul(Tensor.constant(1, 10, 100)).sum().backward();
    assertExact(new double[] {0, 1, 0, 10, 0, 100}, x.grad(), "the gradient lands on the selected elements");
  }

  @Test
  void takeAlongAxisWithArgmaxPicksTheMaxima() {
    Tensor x = Tensor.of(new double[][] {{0.5, 3, -1}, {7, 2, 2.5}});
    Tensor at = x.argmax(1).expandDims(1);
    Tensor picked = x.takeAlongAxis(1, at);
    assertShape(new long[] {2, 1}, picked, "take_along_axis(x, argmax, 1)");
    assertExact(x.max(true, 1).toDoubleArray(), picked, "take_along_axis(x, argmax, 1) = max");
    picked.sum().backward();
    assertExact(new double[] {0, 1, 0, 1, 0, 0}, x.grad(), "the gradient of the maxima");
  }

  @Test
  void takeAlongAxisMatchesTheReferenceWithBroadcasting() {
    Random r = new Random(SEED + 1);
    long[] xs = {3, 4, 1};
    long[] is = {1, 5, 2};
    double[] data = randomValues(r, xs);
    long[] idx = randomIndices(r, (int) Shape.size(is), 4);
    Tensor got = Tensor.from(data, xs).takeAlongAxis(1, Tensor.from(idx, is));
    assertShape(new long[] {3, 5, 2}, got, "broadcast take_along_axis");
    double[] expected = new double[30];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        for (int k = 0; k < 2; k++) {
          expected[(i * 5 + j) * 2 + k] = data[(int) (i * 4 + wrap(idx[j * 2 + k], 4))];
        }
      }
    }
    assertExact(expected, got, "take_along_axis with broadcast axes");
  }

  // ---------------------------------------------------------------------------------------
  // scatters
  // ---------------------------------------------------------------------------------------

  @Test
  void scatterAddAccumulatesRepeatedIndicesLikeNumpysAddAt() {
    Random r = new Random(SEED + 2);
    long[][] xShapes = {{5}, {3, 4}, {4, 1, 3}};
    for (long[] xs : xShapes) {
      for (int axis = 0; axis < xs.length; axis++) {
        long[] is = xs.clone();
        is[axis] = 7;
        long[] ss = is.clone();
        if (xs.length > 1) {
          ss[(axis + 1) % xs.length] = 1;   // values broadcast along another axis
        }
        double[] data = randomValues(r, xs);
        long[] idx = randomIndices(r, (int) Shape.size(is), xs[axis]);
        double[] src = randomValues(r, ss);
        Tensor got = Tensor.from(data, xs).scatterAdd(axis, Tensor.from(idx, is), Tensor.from(src, ss));
        String what = "scatterAdd axis " + axis + " into " + Shape.str(xs) + " of values " + Shape.str(ss);
        assertShape(xs, got, what);
        assertClose(referenceScatterAdd(data, xs, axis, idx, is, src, ss), got.toDoubleArray(), 1e-14, 1e-14, what);
      }
    }
  }

  @Test
  void indexAddIsTheTransposeOfTake() {
    Random r = new Random(SEED + 3);
    long[] xs = {4, 3, 2};
    long[] is = {2, 3};
    double[] data = randomValues(r, xs);
    long[] idx = randomIndices(r, 6, 3);
    double[] src = randomValues(r, 4, 2, 3, 2);
    Tensor x = Tensor.from(data, xs);
    Tensor got = x.indexAdd(1, Tensor.from(idx, is), Tensor.from(src, 4, 2, 3, 2));
    double[] expected = data.clone();
    for (int p = 0; p < 4; p++) {
      for (int j = 0; j < 6; j++) {
        for (int q = 0; q < 2; q++) {
          expected[(int) ((p * 3 + wrap(idx[j], 3)) * 2 + q)] += src[(p * 6 + j) * 2 + q];
        }
      }
    }
    assertClose(expected, got.toDoubleArray(), 1e-14, 1e-14, "index_add with 2-d indices");
    // ⟨take(x), g⟩ = ⟨x, indexAdd(0, g)⟩: the two are adjoint
    Tensor g = Tensor.from(randomValues(r, 4, 2, 3, 2), 4, 2, 3, 2);
    Tensor zero = Tensor.zeros(xs);
    double lhs = x.take(1, Tensor.from(idx, is)).mul(g).sum().item();
    double rhs = x.mul(zero.indexAdd(1, Tensor.from(idx, is), g)).sum().item();
    assertEquals(lhs, rhs, 1e-12, "take and indexAdd are adjoint");
    assertExact(new double[] {1, 3, 1}, Tensor.zeros(3).indexAdd(0, Tensor.of(0L, 1L, 1L, 2L, 1L), Tensor.scalar(1.0,
        DType.FLOAT64, device())), "a histogram by index_add of a scalar");
  }

  @Test
  void scatterAddOfIntegersAndFloat32AndItsRefusals() {
    Tensor counts = Tensor.zeros(DType.INT32, 4).scatterAdd(0, Tensor.of(3, 3, 0, 3), Tensor.of(1, 1, 1, 1));
    assertEquals(DType.INT32, counts.dtype(), "scatterAdd keeps the dtype");
    assertExact(new double[] {1, 0, 0, 3}, counts, "bincount by scatterAdd");
    Tensor f32 = Tensor.zeros(DType.FLOAT32, 2).scatterAdd(0, Tensor.of(1, 1), Tensor.of(0.5f, 0.25f));
    assertEquals(DType.FLOAT32, f32.dtype());
    assertExact(new double[] {0, 0.75}, f32, "float32 scatterAdd");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(DType.INT32, 4).scatterAdd(0, Tensor.of(1), Tensor.of(0.5))), "scatterAdd", "float64", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(true, false).scatterAdd(0, Tensor.of(1), Tensor.of(true))), "scatterAdd", "bool");
  }

  /**
   * Repeated indices in float32: the sum's rounding depends on the order of additions, and the
   * order is fixed (row-major), so the bits are the same on every run and on every device.
   */
  @Test
  void scatterAddIsDeterministicAndEqualsTheCpusBitForBit() {
    Random r = new Random(SEED + 4);
    int m = 20_000;
    float[] values = new float[m * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (r.nextGaussian() * Math.exp(4 * r.nextGaussian()));
    }
    long[] idx = new long[m];
    for (int i = 0; i < m; i++) {
      idx[i] = r.nextInt(5);
    }
    Function<Device, float[]> run = d -> Tensor.zeros(DType.FLOAT32, d, 5, 3)
        .indexAdd(0, Tensor.from(idx, m).to(d), Tensor.from(values, DType.FLOAT32, d, true, m, 3)).toFloatArray();
    float[] first = run.apply(device());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(first, run.apply(device()), "the same bits on every run");
    }
    assertArrayEquals(run.apply(Device.cpu()), first, "the same bits as the CPU backend");
    double[] exact = new double[15];
    for (int i = 0; i < m; i++) {
      for (int q = 0; q < 3; q++) {
        exact[(int) idx[i] * 3 + q] += values[i * 3 + q];
      }
    }
    double[] got = new double[15];
    for (int i = 0; i < 15; i++) {
      got[i] = first[i];
    }
    assertClose(exact, got, 1e-3, 1e-2, "float32 sums of 20000 terms");
  }

  /** The indices are read once, when the forward op checks them; the backward pass reads nothing. */
  @Test
  void theBackwardPassOfGathersAndScattersMovesNoBytes() {
    Tensor x = Tensor.from(new double[] {0.5, -1, 2, 3, 1.5, -2, 0.25, 4, -0.5, 1, 2.5, -3}, 4, 3);
    Tensor src = Tensor.from(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor idx = Tensor.of(3, 0, -1);
    Tensor along = Tensor.from(new long[] {2, 0, 1, 1, 2, 0}, 2, 3);
    Tensor loss = x.take(0, idx).square().sum()
        .add(x.indexAdd(0, Tensor.of(1, 1), src).sin().sum())
        .add(x.scatterAdd(0, along, src).exp().sum())
        .add(x.takeAlongAxis(0, along).mul(src).sum());
    device().synchronize();
    device().resetStats();
    loss.backward();
    device().synchronize();
    assertEquals(0, device().stats().hostToDeviceBytes(), "host to device bytes during backward()");
    assertEquals(0, device().stats().deviceToHostBytes(), "device to host bytes during backward()");
    assertShape(new long[] {4, 3}, x.grad(), "x's gradient");
    assertShape(new long[] {2, 3}, src.grad(), "src's gradient");
  }

  // ---------------------------------------------------------------------------------------
  // setitem
  // ---------------------------------------------------------------------------------------

  @Test
  void setReplacesTheIndexedRegionAndTheGradientFlowsToValueAndToTheUntouchedElements() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor v = Tensor.of(10.0);
    Tensor y = x.set(new long[] {1, -1}, v);
    assertExact(new double[] {1, 2, 3, 4, 5, 10}, y, "x[1, -1] = 10");
    assertExact(new double[] {1, 2, 3, 4, 5, 6}, x, "x itself is unchanged");
    y.mul(Tensor.constant(new double[][] {{1, 2, 3}, {4, 5, 6}})).sum().backward();
    assertExact(new double[] {1, 2, 3, 4, 5, 0}, x.grad(), "the overwritten element gets no gradient");
    assertExact(new double[] {6}, v.grad(), "the value gets the cotangent of its element");

    Tensor row = Tensor.of(7.0, 8.0);
    Tensor z = Tensor.zeros(3, 2).set(new long[] {0}, row).set(new long[] {2}, row);
    assertExact(new double[] {7, 8, 0, 0, 7, 8}, z, "a row set twice");
    z.sum().backward();
    assertExact(new double[] {2, 2}, row.grad(), "a value used twice accumulates");
    assertExact(new double[] {9, 9, 9, 9, 9, 9}, Tensor.zeros(2, 3).set(new long[0], 9.0), "x[...] = 9");
  }

  @Test
  void setWithASliceFollowsPythonsRules() {
    Tensor x = Tensor.arange(0, 7);
    assertExact(new double[] {0, -1, 2, -1, 4, -1, 6}, x.set(0, 1, 100, 2, Tensor.of(-1.0)), "x[1::2] = -1");
    assertExact(new double[] {0, 1, 2, 30, 20, 10, 6}, x.set(0, -2, 2, -1, Tensor.of(10.0, 20.0, 30.0)), "x[-2:2:-1] = [10, 20, 30]");
    assertExact(new double[] {0, 1, 9, 9, 4, 5, 6}, x.set(0, 2, 4, 1, Tensor.of(9.0)), "x[2:4] = 9");
    assertExact(x.toDoubleArray(), x.set(0, 5, 2, 1, Tensor.of(9.0)), "an empty slice changes nothing");
    Tensor v = Tensor.of(1.0, 2.0, 3.0);
    Tensor m = Tensor.zeros(2, 5);
    Tensor y = m.set(1, 0, 5, 2, v);
    assertExact(new double[] {1, 0, 2, 0, 3, 1, 0, 2, 0, 3}, y, "x[:, ::2] = v (broadcast over rows)");
    y.mul(Tensor.arange(0, 10).reshape(2, 5)).sum().backward();
    assertExact(new double[] {5, 9, 13}, v.grad(), "the value's gradient sums over the broadcast rows");
    assertExact(new double[] {0, 1, 0, 3, 0, 0, 6, 0, 8, 0}, m.grad(), "untouched elements keep theirs");
  }

  @Test
  void setWithIntegerRowsKeepsTheLastOfRepeatedIndicesAsNumpyDoes() {
    Tensor x = Tensor.of(new double[][] {{1, 1}, {2, 2}, {3, 3}});
    Tensor v = Tensor.of(new double[][] {{10, 11}, {20, 21}, {30, 31}});
    Tensor y = x.set(Tensor.of(2L, 0L, -1L), v);
    assertExact(new double[] {20, 21, 2, 2, 30, 31}, y, "x[[2, 0, -1]] = v: the last write to row 2 wins");
    y.sum().backward();
    assertExact(new double[] {0, 0, 1, 1, 1, 1}, v.grad(), "the overwritten write gets no gradient");
    assertExact(new double[] {0, 0, 1, 1, 0, 0}, x.grad(), "untouched rows");
    assertExact(new double[] {5, 5, 2, 2, 5, 5}, x.set(Tensor.of(0, 2), 5.0), "x[[0, 2]] = 5");
  }

  @Test
  void setWithABoolMask() {
    Tensor x = Tensor.of(new double[][] {{-1, 2}, {3, -4}});
    assertExact(new double[] {0, 2, 3, 0}, x.set(x.lt(0.0), 0.0), "x[x < 0] = 0");
    Tensor v = Tensor.of(7.0, 8.0);
    Tensor y = x.set(x.lt(0.0), v);
    assertExact(new double[] {7, 2, 3, 8}, y, "x[x < 0] = [7, 8]: one value per selected element, in order");
    y.mul(Tensor.constant(new double[][] {{1, 2}, {3, 4}})).sum().backward();
    assertExact(new double[] {1, 4}, v.grad(), "each value gets its element's cotangent");
    assertExact(new double[] {0, 2, 3, 0}, x.grad(), "untouched elements keep theirs");
  }

  // ---------------------------------------------------------------------------------------
  // NumPy's index rules and errors
  // ---------------------------------------------------------------------------------------

  /** Runs a call that must throw and checks it left no new live tensor and no gradient behind. */
  private <T extends Throwable> T fails(Class<T> type, Executable body) {
    long live = device().stats().liveTensors();
    T e = assertThrows(type, body);
    long after = device().stats().liveTensors();
    assertTrue(after <= live, () -> "the failed call left " + (after - live) + " live tensor(s) behind: " + e.getMessage());
    return e;
  }

  @Test
  void outOfRangeIndicesThrowNamingTheIndexTheAxisAndTheSize() {
    Tensor x = Tensor.zeros(3, 5);
    Tensor five = Tensor.of(0, 5);
    Tensor minusFour = Tensor.of(-4L);
    Tensor three = Tensor.of(3);
    Tensor minusSix = Tensor.from(new long[] {-6}, 1, 1);
    Tensor seven = Tensor.from(new long[] {7}, 1, 1);
    Tensor one = Tensor.of(1.0);
    Tensor nine = Tensor.of(9);
    Tensor row = Tensor.zeros(3);
    Tensor rows = Tensor.of(1, -4);
    Tensor empty = Tensor.zeros(0);
    Tensor zero = Tensor.of(0);
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.take(1, five)), "take", "index 5", "axis 1", "size 5");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.take(0, minusFour)), "index -4", "axis 0", "size 3");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.get(three)), "get", "index 3", "axis 0", "size 3");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.takeAlongAxis(1, minusSix)),
        "takeAlongAxis", "index -6", "axis 1", "size 5");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.scatterAdd(0, seven, one)), "scatterAdd", "index 7", "axis 0", "size 3");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.indexAdd(1, nine, row)), "indexAdd", "index 9", "axis 1", "size 5");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.set(new long[] {0, 5}, one)), "set", "index 5", "axis 1", "size 5");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> x.set(rows, one)), "set", "index -4", "axis 0", "size 3");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> empty.take(0, zero)), "index 0", "size 0");
    assertNull(x.grad());
  }

  @Test
  void badIndicesAndShapesAreRefusedClearly() {
    Tensor x = Tensor.zeros(3, 5);
    Tensor real = Tensor.of(1.0);
    Tensor zero = Tensor.of(0);
    Tensor zero64 = Tensor.of(0L);
    Tensor column = Tensor.from(new long[] {0, 0}, 2, 1);
    Tensor twoBools = Tensor.of(true, false);
    Tensor floats = Tensor.zeros(3, 5);
    Tensor column2 = Tensor.zeros(2, 1);
    Tensor pair = Tensor.of(0, 1);
    Tensor wide = Tensor.zeros(3, 3);
    Tensor four = Tensor.zeros(4);
    Tensor full = Tensor.zeros(3, 5);
    Tensor positive = x.gt(0.0);
    Tensor two = Tensor.zeros(2);
    assertMentions(fails(IllegalArgumentException.class, () -> x.take(0, real)), "take", "integer", "float64");
    assertMentions(fails(IllegalArgumentException.class, () -> x.take(2, zero)), "take", "axis 2", "rank 2");
    assertMentions(fails(IllegalArgumentException.class, () -> real.take(0, zero)), "take", "0-d");
    assertMentions(fails(IllegalArgumentException.class, () -> x.takeAlongAxis(1, zero64)), "takeAlongAxis", "[]", "[3, 5]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.takeAlongAxis(1, column)), "takeAlongAxis", "[2, 1]", "[3, 5]", "axis 0");
    assertMentions(fails(IllegalArgumentException.class, () -> x.mask(twoBools)), "mask", "[2]", "[3, 5]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.mask(floats)), "mask", "bool", "float64");
    assertMentions(fails(IllegalArgumentException.class, () -> x.scatterAdd(1, column, column2)), "scatterAdd", "[2, 1]", "[3, 5]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.indexAdd(1, pair, wide)), "indexAdd", "[3, 3]", "[3, 2]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.set(new long[] {0}, four)), "set", "[4]", "[5]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.set(0, 0, 3, 2, full)), "set", "[3, 5]", "[2, 5]");
    assertMentions(fails(IllegalArgumentException.class, () -> x.set(positive, two)), "set", "0 masked");
    assertNull(x.grad());
  }

  @Test
  void aBooleanMaskIsRefusedUnderVmapWhereItsShapeWouldBeDataDependent() {
    Tensor xs = Tensor.of(new double[][] {{-1, 2}, {3, -4}}).detach();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.vmap((Tensor row) -> row.mask(row.gt(0.0))).apply(xs));
    assertMentions(e, "mask", "vmap", "data-dependent", "Tensor.where");
    assertMentions(assertThrows(IllegalStateException.class, () -> Autodiff.vmap((Tensor row) -> row.get(row.gt(0.0))).apply(xs)),
        "get", "vmap");
    assertMentions(assertThrows(IllegalStateException.class,
        () -> Autodiff.vmap((Tensor row) -> row.set(row.gt(0.0), Tensor.of(1.0, 2.0))).apply(xs)), "set", "vmap");
    // a fixed mask (not traced) and a scalar value (no count needed) work under vmap
    Tensor fixed = Tensor.of(false, true);
    assertExact(new double[] {2, -4}, Autodiff.vmap((Tensor row) -> row.mask(fixed)).apply(xs), "a closed-over mask");
    assertExact(new double[] {0, 2, 3, 0}, Autodiff.vmap((Tensor row) -> row.set(row.lt(0.0), 0.0)).apply(xs),
        "x[x < 0] = 0 under vmap");
  }

  @Test
  void vmapWithBatchedIndicesGathersAndScattersPerExample() {
    Tensor table = Tensor.arange(0, 12).reshape(4, 3).detach();
    Tensor idx = Tensor.from(new long[] {3, 0, -1, 1, 2, 2}, 3, 2);
    Function<Tensor, Tensor> rows = i -> table.take(0, i).sum(0);
    Tensor expected = Loops.map(rows, idx, 0, 0);
    assertExact(expected.toDoubleArray(), Autodiff.vmap(rows).apply(idx), "vmap over indices of take");
    Function<Tensor, Tensor> hist = i -> Tensor.zeros(4).indexAdd(0, i, Tensor.ones(2));
    assertExact(Loops.map(hist, idx, 0, 0).toDoubleArray(), Autodiff.vmap(hist).apply(idx), "vmap over indices of indexAdd");
    Tensor bad = Tensor.from(new long[] {0, 1, 4, 0}, 2, 2);
    assertMentions(assertThrows(IndexOutOfBoundsException.class, () -> Autodiff.vmap(rows).apply(bad)),
        "take", "index 4", "axis 0", "size 4");
    // per-example gradients through a gather of batched indices
    Tensor w = Tensor.of(0.5, -1.0, 2.0, 3.0).detach();
    Function<Tensor, Tensor> perExample = i -> Autodiff.grad((Tensor v) -> v.take(0, i).square().sum()).apply(w);
    assertClose(Loops.map(perExample, idx, 0, 0).toDoubleArray(), Autodiff.vmap(perExample).apply(idx).toDoubleArray(),
        1e-15, 1e-15, "vmap(grad) with batched indices");
  }
}
