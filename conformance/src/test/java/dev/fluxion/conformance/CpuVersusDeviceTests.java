package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The same computations on the CPU backend (the reference) and on a device, op by op, with
 * dense, broadcast, transposed, sliced and flipped operands and scalar operands: floating results
 * agree within 1e-5 relative in FLOAT32 and 1e-12 in FLOAT64; integer, boolean and index results
 * and the counter-based uniform numbers agree exactly. For device backends only (the CPU is the
 * reference).
 */
public abstract class CpuVersusDeviceTests extends DeviceTest {
  private static final Device CPU = Device.cpu();
  private static final List<DType> FLOATING = List.of(DType.FLOAT32, DType.FLOAT64);

  /** One computation, run on each device from the same inputs. */
  private record Case(String name, DType dtype, Function<Device, Tensor> compute) {}

  @TestFactory
  Stream<DynamicTest> unaryOps() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      for (UnaryOp op : UnaryOp.values()) {
        double[] domain = domain(op);
        for (String layout : List.of("dense", "transposed", "sliced-flipped")) {
          cases.add(new Case(op + " " + layout, t, d -> unary(op, view(layout, input(t, d, 11, domain, 6, 40)))));
        }
      }
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> binaryOpsWithBroadcastingAndScalars() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      List<Named> ops = List.of(
          new Named("add", (a, b) -> a.add(b)), new Named("sub", (a, b) -> a.sub(b)), new Named("mul", (a, b) -> a.mul(b)),
          new Named("div", (a, b) -> a.div(b)), new Named("pow", (a, b) -> a.pow(b)),
          new Named("maximum", (a, b) -> a.maximum(b)), new Named("minimum", (a, b) -> a.minimum(b)),
          new Named("atan2", (a, b) -> a.atan2(b)));
      for (Named op : ops) {
        cases.add(new Case(op.name + " dense", t, d -> op.f.apply(input(t, d, 1, POSITIVE, 5, 30), input(t, d, 2, POSITIVE, 5, 30))));
        cases.add(new Case(op.name + " row and column broadcast", t,
            d -> op.f.apply(input(t, d, 3, POSITIVE, 5, 1), input(t, d, 4, POSITIVE, 1, 30))));
        cases.add(new Case(op.name + " transposed with scalar", t,
            d -> op.f.apply(input(t, d, 5, POSITIVE, 30, 5).T(), Tensor.full(t, d, 1.75, new long[0]))));
      }
      cases.add(new Case("scalar arithmetic", t, d -> input(t, d, 6, SYMMETRIC, 4, 9).mul(2.5).rsub(1).rdiv(3).add(0.5)));
      cases.add(new Case("max/min with NaN and signed zeros", t, d -> {
        Tensor a = Tensor.from(new double[] {Double.NaN, 0.0, -0.0, 1, Double.NEGATIVE_INFINITY}, t, d, true, 5);
        Tensor b = Tensor.from(new double[] {1, -0.0, 0.0, Double.NaN, 2}, t, d, true, 5);
        return Tensor.concat(0, a.maximum(b), a.minimum(b), a.pow(b), b.pow(a));
      }));
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> comparisonsWhereAndCasts() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      cases.add(new Case("comparisons", t, d -> {
        Tensor a = input(t, d, 7, SYMMETRIC, 6, 7).to(DType.INT32).to(t);
        Tensor b = input(t, d, 8, SYMMETRIC, 1, 7).to(DType.INT32).to(t);
        return Tensor.concat(0, a.lt(b), a.le(b), a.gt(b), a.ge(b), a.eq(b), a.ne(b.T().T())).to(DType.INT32);
      }));
      cases.add(new Case("where with tensor and scalar branches", t, d -> {
        Tensor a = input(t, d, 9, SYMMETRIC, 6, 7);
        Tensor c = a.gt(0);
        return Tensor.concat(0, Tensor.where(c, a, a.neg()), Tensor.where(c, a, 7.0), Tensor.where(c.T().T(), -1.0, a.T().T()));
      }));
    }
    double[] values = {-2.7, -0.5, -0.0, 0, 0.5, 1.5, 3.9, 100.25, 1e9};
    for (DType from : DType.values()) {
      for (DType to : DType.values()) {
        cases.add(new Case("cast " + from.numpyName() + " to " + to.numpyName(), to,
            d -> Tensor.from(values, DType.FLOAT64, d, true, values.length).to(from).to(to)));
      }
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> integerOps() {
    List<Case> cases = new ArrayList<>();
    for (DType t : List.of(DType.INT32, DType.INT64)) {
      cases.add(new Case("arithmetic", t, d -> {
        Tensor a = ints(t, d, 10, 4, 9);
        Tensor b = ints(t, d, 11, 1, 9);
        return Tensor.concat(0, a.add(b), a.sub(b), a.mul(b), a.maximum(b), a.minimum(b), a.neg(), a.abs(), a.sign(), a.relu(),
            a.mul(3), a.pow(Tensor.full(t, d, 3, new long[0])));
      }));
      cases.add(new Case("reductions", DType.INT64, d -> {
        Tensor a = ints(t, d, 12, 40, 70);
        return Tensor.concat(0, a.sum(0), a.T().sum(1), a.max(0).to(DType.INT64), a.min(0).to(DType.INT64), a.argmax(0),
            a.argmin(0), a.sum().reshape(1));
      }));
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> reductionsEachAndTree() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      for (long[] shape : List.of(new long[] {3, 50}, new long[] {4, 5000}, new long[] {3000, 3}, new long[] {2, 3, 700})) {
        String s = Arrays.toString(shape);
        for (int axis = 0; axis < shape.length; axis++) {
          int ax = axis;
          cases.add(new Case("sum/mean/max/min over axis " + ax + " of " + s, t, d -> {
            Tensor x = input(t, d, 13, POSITIVE, shape);
            return Tensor.concat(0, x.sum(ax).flatten(), x.mean(ax).flatten(), x.max(ax).flatten(), x.min(ax).flatten());
          }));
          cases.add(new Case("argmax/argmin over axis " + ax + " of " + s, DType.INT64, d -> {
            Tensor x = input(t, d, 14, SYMMETRIC, shape).to(DType.INT32).to(t);
            return Tensor.concat(0, x.argmax(ax).flatten(), x.argmin(ax).flatten());
          }));
        }
        cases.add(new Case("all axes of " + s, t, d -> {
          Tensor x = input(t, d, 15, POSITIVE, shape);
          return Tensor.stack(0, x.sum(), x.max(), x.min(), x.T().sum(), x.std(), x.logsumexp());
        }));
      }
      cases.add(new Case("NaN wins max and argmax", t, d -> {
        Tensor x = Tensor.from(new double[] {1, Double.NaN, 3, Double.NaN, -1, 5, 5, 2}, t, d, true, 2, 4);
        return Tensor.concat(0, x.max(1), x.min(1), x.argmax(1).to(t), x.argmin(1).to(t), x.argmax(0).to(t));
      }));
      cases.add(new Case("softmax and logsumexp of a strided view", t,
          d -> input(t, d, 16, SYMMETRIC, 20, 30).T().slice(0, 1, 30, 2).softmax(1).add(input(t, d, 17, SYMMETRIC, 15, 20)
              .logsumexp(true, 1))));
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> matmulShapesAndLayouts() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      for (int[] nkm : new int[][] {{1, 1, 1}, {7, 5, 3}, {33, 65, 17}, {64, 64, 64}, {100, 3, 70}}) {
        String s = nkm[0] + "x" + nkm[1] + " · " + nkm[1] + "x" + nkm[2];
        cases.add(new Case("matmul " + s, t, d -> input(t, d, 18, POSITIVE, nkm[0], nkm[1]).matmul(input(t, d, 19, POSITIVE, nkm[1], nkm[2]))));
        cases.add(new Case("matmul transposed operands " + s, t,
            d -> input(t, d, 20, POSITIVE, nkm[1], nkm[0]).T().matmul(input(t, d, 21, POSITIVE, nkm[2], nkm[1]).T())));
      }
      cases.add(new Case("batched matmul", t, d -> input(t, d, 22, POSITIVE, 3, 4, 5).matmul(input(t, d, 23, POSITIVE, 3, 5, 6))));
      cases.add(new Case("broadcast batch", t, d -> input(t, d, 24, POSITIVE, 4, 5).matmul(input(t, d, 25, POSITIVE, 2, 3, 5, 6))));
      cases.add(new Case("vector products", t, d -> {
        Tensor v = input(t, d, 26, POSITIVE, 40);
        return Tensor.concat(0, v.dot(v).reshape(1), v.outer(v).flatten(), input(t, d, 27, POSITIVE, 3, 40).matmul(v));
      }));
    }
    cases.add(new Case("integer matmul", DType.INT64, d -> ints(DType.INT64, d, 28, 9, 13).matmul(ints(DType.INT64, d, 29, 13, 4))));
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> creationAndRandomNumbers() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      cases.add(new Case("uniform", t, d -> Tensor.rand(Rng.of(42), t, d, 1000)));
      cases.add(new Case("normal", t, d -> Tensor.randn(Rng.of(-7), t, d, 999)));
    }
    for (DType t : DType.values()) {
      cases.add(new Case("arange, linspace, full, eye", t, d -> Tensor.concat(0, Tensor.arange(t, d, -3, 40, 0.75).to(t),
          Tensor.linspace(t, d, -1, 2, 17).to(t), Tensor.full(t, d, 2.5, 5), Tensor.eye(t, d, 4).flatten())));
    }
    return run(cases);
  }

  @TestFactory
  Stream<DynamicTest> gradientsOfAComposite() {
    List<Case> cases = new ArrayList<>();
    for (DType t : FLOATING) {
      cases.add(new Case("grad of a softmax regression loss", t, d -> {
        Tensor x = input(t, d, 30, SYMMETRIC, 8, 5);
        Function<Tensor, Tensor> loss = w -> x.matmul(w).tanh().logSoftmax(1).mul(-1).mean();
        return Autodiff.grad(loss).apply(input(t, d, 31, SYMMETRIC, 5, 3));
      }));
    }
    return run(cases);
  }

  private record Named(String name, java.util.function.BinaryOperator<Tensor> f) {}

  private static final double[] SYMMETRIC = {-3, 3};
  private static final double[] POSITIVE = {0.5, 2};

  private static double[] domain(UnaryOp op) {
    return switch (op) {
      case LOG, SQRT, RECIPROCAL, LOG1P -> new double[] {0.05, 4};
      case ASIN, ACOS -> new double[] {-0.95, 0.95};
      case TAN -> new double[] {-1.4, 1.4};
      default -> SYMMETRIC;
    };
  }

  private static Tensor unary(UnaryOp op, Tensor x) {
    UnaryOperator<Tensor> f = switch (op) {
      case NEG -> Tensor::neg;
      case EXP -> Tensor::exp;
      case LOG -> Tensor::log;
      case SIN -> Tensor::sin;
      case COS -> Tensor::cos;
      case TAN -> Tensor::tan;
      case ASIN -> Tensor::asin;
      case ACOS -> Tensor::acos;
      case ATAN -> Tensor::atan;
      case SINH -> Tensor::sinh;
      case COSH -> Tensor::cosh;
      case TANH -> Tensor::tanh;
      case SQRT -> Tensor::sqrt;
      case RECIPROCAL -> Tensor::reciprocal;
      case ABS -> Tensor::abs;
      case SIGN -> Tensor::sign;
      case SIGMOID -> Tensor::sigmoid;
      case RELU -> Tensor::relu;
      case LOG1P -> Tensor::log1p;
      case EXPM1 -> Tensor::expm1;
      case ERF -> Tensor::erf;
    };
    return f.apply(x);
  }

  private static Tensor view(String layout, Tensor x) {
    return switch (layout) {
      case "dense" -> x;
      case "transposed" -> x.T();
      default -> x.slice(1, 1, 40, 3).flip(0);
    };
  }

  /** Deterministic inputs: uniform in [lo, hi), the same on every device. */
  private static Tensor input(DType t, Device d, long seed, double[] range, long... shape) {
    Random r = new Random(seed);
    double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = range[0] + (range[1] - range[0]) * r.nextDouble();
    }
    return Tensor.from(v, t, d, true, shape);
  }

  private static Tensor ints(DType t, Device d, long seed, long... shape) {
    return input(DType.FLOAT64, d, seed, new double[] {-9, 10}, shape).to(t);
  }

  private Stream<DynamicTest> run(List<Case> cases) {
    Device device = device();
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name + " (" + c.dtype.numpyName() + ")", () -> {
      Tensor expected = c.compute.apply(CPU);
      Tensor actual = c.compute.apply(device);
      assertEquals(device, actual.device(), "computed on " + device);
      assertEquals(expected.dtype(), actual.dtype(), "dtype");
      assertArrayEquals(expected.shape(), actual.shape(), "shape");
      compare(device, c.name, c.dtype, expected.toDoubleArray(), actual.toDoubleArray());
    }));
  }

  /** Floating values within 1e-5 (FLOAT32) or 1e-12 (FLOAT64) relative; everything else exactly. */
  private static void compare(Device device, String what, DType t, double[] e, double[] a) {
    double rtol = t == DType.FLOAT32 ? 1e-5 : t == DType.FLOAT64 ? 1e-12 : 0;
    for (int i = 0; i < e.length; i++) {
      boolean ok = Double.compare(e[i], a[i]) == 0 || e[i] == a[i] || (Double.isNaN(e[i]) && Double.isNaN(a[i]))
          || Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]);
      if (!ok) {
        fail(what + ": element " + i + " is " + a[i] + " on " + device + ", " + e[i] + " on the CPU (relative difference "
            + Math.abs(a[i] - e[i]) / Math.abs(e[i]) + ", tolerance " + rtol + ")");
      }
    }
  }
}
