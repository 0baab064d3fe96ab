package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.DType;
import dev.fluxion.cpu.CpuBackend;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * {@link FusedProgram}s at the backend SPI, on every path a device has (OpenCL and CUDA: the
 * generated kernel and the interpreter): random programs of 1–40 instructions over broadcast,
 * transposed and immediate inputs, with and without a reduction epilogue, in FLOAT32 and
 * FLOAT64 (jqwik), every primitive a program can hold in both dtypes, in-place outputs and a
 * program with six outputs. Each run is checked twice:
 * <ul>
 *   <li>against the same program run op by op on the same device (its map and reduce kernels),
 *       to within 4 ulps — the fused kernel uses the same expressions, so it agrees to the last bit
 *       where the device's math is deterministic;
 *   <li>against the CPU backend's fused run, to within the tolerance of the device's math, on the
 *       elements whose value is well conditioned: an element that moves by more than the tolerance
 *       when the inputs move by 4 ulps, or when every inexact result (exp, sin, division, ...)
 *       moves by 4 ulps (on the CPU), is not compared with the CPU, since there the device's
 *       ulp-level differences in exp or sin are amplified or decide a comparison, not a fault of
 *       fusion. At least half of all elements must be compared.
 * </ul>
 */
@AddLifecycleHook(SkipWithoutTheDevice.class)
public abstract class FusedProgramTests extends DeviceTest {
  private static final DeviceBackend CPU = new CpuBackend().open(0);
  private static final int TRIES = 30;
  private long compared;
  private long total;

  /** The backend under test (a backend instance of the suite's device family). */
  protected abstract DeviceBackend fusedBackend();

  /** The ways this backend runs fused programs; each is checked in turn. */
  protected List<String> paths() {
    return List.of("default");
  }

  /** Makes {@link #fusedBackend()} run fused programs on {@code path}. */
  protected void usePath(String path) {}

  /** An input of a case: its shape (broadcast to the iteration), layout and values. */
  record Input(long[] shape, boolean immediate, int[] permutation, double[] values) {}

  /** A program with inputs, in one dtype, over an iteration shape. */
  record Case(DType dtype, long[] shape, FusedProgram program, Input[] inputs) {
    long[] outShape() {
      if (program.reduction() == null) {
        return shape;
      }
      long[] out = new long[shape.length - program.reduction().axes().length];
      for (int d = 0, k = 0; d < shape.length; d++) {
        final int axis = d;
        if (Arrays.stream(program.reduction().axes()).noneMatch(a -> a == axis)) {
          out[k++] = shape[d];
        }
      }
      return out;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(program.text()).append(" over ").append(Arrays.toString(shape)).append(", inputs");
      for (Input in : inputs) {
        s.append(' ').append(in.immediate ? "immediate " + in.values[0] : Arrays.toString(in.shape) + " permuted "
            + Arrays.toString(in.permutation));
      }
      return s.toString();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.randomValue(FusedProgramTests::randomCase);
  }

  @Property(tries = TRIES)
  void randomProgramsAgreeWithTheOpsAndWithTheCpu(@ForAll("cases") Case c) {
    check(c);
  }

  @Example
  void everyPrimitiveInEveryDtype() {
    Random r = new Random(31);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (UnaryOp op : UnaryOp.values()) {
        check(single(r, t, new FusedProgram.Unary(op, 0)));
      }
      for (BinaryOp op : BinaryOp.values()) {
        check(single(r, t, new FusedProgram.Binary(op, 0, 1)));
      }
      check(single(r, t, new FusedProgram.Where(0, 1, 0)));
      check(single(r, t, new FusedProgram.NonZero(0)));
      FusedProgram constants = new FusedProgram(t, 2, List.of(new FusedProgram.Const(t == DType.FLOAT32 ? (float) Math.E : Math.E),
          new FusedProgram.Const(Double.NaN), new FusedProgram.Const(Double.NEGATIVE_INFINITY),
          new FusedProgram.Binary(BinaryOp.MUL, 0, 2)), new int[] {5, 3, 4});
      check(new Case(t, new long[] {3, 4}, constants, new Input[] {tensor(r, new long[] {3, 4}), tensor(r, new long[] {4})}));
    }
  }

  /**
   * The program that found FLOAT32 immediates read unrounded (0.734, not 0.734f) by the CPU's
   * strided ops: acos(tan(x)) amplifies one ulp of tan into five.
   */
  @Example
  void anIllConditionedChainOfAnImmediateAgreesOpByOp() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      FusedProgram p = new FusedProgram(t, 2, List.of(new FusedProgram.Unary(UnaryOp.TAN, 1),
          new FusedProgram.Unary(UnaryOp.ACOS, 2), new FusedProgram.Binary(BinaryOp.MUL, 0, 1),
          new FusedProgram.Binary(BinaryOp.SUB, 3, 4)), new int[] {3, 5});
      Input x = tensor(new Random(7), new long[] {5});
      Input immediate = new Input(new long[0], true, new int[0], new double[] {0.734});
      check(new Case(t, new long[] {5}, p, new Input[] {x, immediate}));
    }
  }

  /**
   * The program that found the CPU comparison judging rounding ties: r24 compares sin(asin(1)) with
   * 1/tan(atan2(x, x)), equal but for each device's last-ulp rounding, and decides whether the
   * output is 0 or −(1 − erf 1). Such elements are compared op by op on each device, not with the CPU.
   */
  @Example
  void aComparisonOfRoundingTiesIsNotComparedWithTheCpu() {
    List<FusedProgram.Op> ops = List.of(new FusedProgram.Binary(BinaryOp.ATAN2, 0, 0), new FusedProgram.Unary(UnaryOp.TAN, 1),
        new FusedProgram.Unary(UnaryOp.RECIPROCAL, 2), new FusedProgram.NonZero(3), new FusedProgram.Where(2, 4, 3),
        new FusedProgram.Binary(BinaryOp.DIV, 4, 4), new FusedProgram.Const((float) -0.827),
        new FusedProgram.Binary(BinaryOp.ATAN2, 5, 7), new FusedProgram.Unary(UnaryOp.RECIPROCAL, 6),
        new FusedProgram.Binary(BinaryOp.GT, 4, 8), new FusedProgram.Unary(UnaryOp.ERF, 8),
        new FusedProgram.Binary(BinaryOp.MIN, 10, 3), new FusedProgram.Unary(UnaryOp.EXPM1, 11),
        new FusedProgram.Binary(BinaryOp.MIN, 13, 11), new FusedProgram.Unary(UnaryOp.SIN, 14),
        new FusedProgram.Unary(UnaryOp.SQRT, 6), new FusedProgram.Binary(BinaryOp.POW, 14, 8),
        new FusedProgram.Binary(BinaryOp.SUB, 17, 16), new FusedProgram.Binary(BinaryOp.MAX, 2, 18),
        new FusedProgram.Unary(UnaryOp.ASIN, 6), new FusedProgram.Unary(UnaryOp.SIN, 20),
        new FusedProgram.Unary(UnaryOp.RECIPROCAL, 19), new FusedProgram.Binary(BinaryOp.NE, 19, 21),
        new FusedProgram.Binary(BinaryOp.LT, 21, 22), new FusedProgram.Unary(UnaryOp.ERF, 24),
        new FusedProgram.Binary(BinaryOp.SUB, 24, 25), new FusedProgram.Unary(UnaryOp.NEG, 26),
        new FusedProgram.Binary(BinaryOp.SUB, 10, 26));
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      FusedProgram p = new FusedProgram(t, 1, ops, new int[] {28},
          new FusedProgram.Reduction(new int[] {0}, new ReduceOp[] {ReduceOp.MIN}));
      check(new Case(t, new long[] {4, 6}, p, new Input[] {tensor(new Random(11), new long[] {6})}));
    }
  }

  /**
   * NaN made from constants alone (log of relu(−1.801) = −inf, minus itself) meeting min and max:
   * a fused program must propagate it as the ops do.
   */
  @Example
  void aNaNOfConstantsPropagatesThroughMinAndMax() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      List<FusedProgram.Op> ops = List.of(new FusedProgram.Const((float) -1.801), new FusedProgram.Unary(UnaryOp.RELU, 1),
          new FusedProgram.Unary(UnaryOp.LOG, 2), new FusedProgram.Binary(BinaryOp.SUB, 3, 3),
          new FusedProgram.Unary(UnaryOp.EXP, 4), new FusedProgram.Const((float) -0.107),
          new FusedProgram.Binary(BinaryOp.MIN, 6, 5), new FusedProgram.Binary(BinaryOp.MAX, 5, 6),
          new FusedProgram.Binary(BinaryOp.MIN, 0, 6), new FusedProgram.Binary(BinaryOp.MUL, 0, 0),
          new FusedProgram.Binary(BinaryOp.ADD, 0, 6));
      FusedProgram p = new FusedProgram(t, 1, ops, new int[] {7, 8, 9, 10, 11}); // NaN, NaN, then numbers
      check(new Case(t, new long[] {3}, p, new Input[] {tensor(new Random(5), new long[] {3})}));
    }
  }

  /** The random program where the generated kernel's first output (a NaN of constants) differed from the ops. */
  @Example
  void aNaNOfConstantsAsTheFirstOutput() {
    List<FusedProgram.Op> ops = List.of(new FusedProgram.Unary(UnaryOp.LOG1P, 3), new FusedProgram.Binary(BinaryOp.DIV, 3, 3),
        new FusedProgram.Binary(BinaryOp.SUB, 4, 5), new FusedProgram.Unary(UnaryOp.NEG, 5),
        new FusedProgram.Const((float) -0.967), new FusedProgram.Where(6, 6, 4), new FusedProgram.Binary(BinaryOp.DIV, 6, 9),
        new FusedProgram.Const((float) -1.801), new FusedProgram.Binary(BinaryOp.SUB, 10, 11),
        new FusedProgram.Unary(UnaryOp.RELU, 11), new FusedProgram.Binary(BinaryOp.MUL, 12, 0),
        new FusedProgram.Unary(UnaryOp.LOG, 13), new FusedProgram.NonZero(13), new FusedProgram.Const(-1.0),
        new FusedProgram.Binary(BinaryOp.SUB, 15, 15), new FusedProgram.Unary(UnaryOp.EXP, 18),
        new FusedProgram.Binary(BinaryOp.ADD, 19, 19), new FusedProgram.Binary(BinaryOp.MAX, 12, 19),
        new FusedProgram.Unary(UnaryOp.COSH, 3), new FusedProgram.Unary(UnaryOp.SIN, 21),
        new FusedProgram.Unary(UnaryOp.ACOS, 14), new FusedProgram.Unary(UnaryOp.SIN, 16), new FusedProgram.NonZero(23),
        new FusedProgram.Unary(UnaryOp.NEG, 25), new FusedProgram.Binary(BinaryOp.SUB, 26, 0),
        new FusedProgram.Unary(UnaryOp.COSH, 28), new FusedProgram.Unary(UnaryOp.SIN, 29),
        new FusedProgram.Unary(UnaryOp.TANH, 29), new FusedProgram.Binary(BinaryOp.GT, 30, 27),
        new FusedProgram.Const((float) -0.107), new FusedProgram.Binary(BinaryOp.MIN, 33, 19),
        new FusedProgram.Binary(BinaryOp.LE, 34, 34), new FusedProgram.Binary(BinaryOp.ADD, 33, 34),
        new FusedProgram.Unary(UnaryOp.TANH, 36), new FusedProgram.Unary(UnaryOp.LOG1P, 37));
    Random r = new Random(3);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      FusedProgram p = new FusedProgram(t, 4, ops, new int[] {38, 29});
      Input first = new Input(new long[] {1, 1, 3}, false, new int[] {1, 0, 2}, tensor(r, new long[] {1, 1, 3}).values());
      Input quarter = new Input(new long[0], true, new int[0], new double[] {0.25});
      check(new Case(t, new long[] {5, 1, 3}, p, new Input[] {first, quarter, tensor(r, new long[] {3}), tensor(r, new long[] {3})}));
    }
  }

  /** NaN that the device compiler can derive (x < x is 0, so 0/0) meeting cosh and expm1 in one kernel. */
  @Example
  void aNaNTheCompilerCanDeriveMeetsTheMathLibrary() {
    List<FusedProgram.Op> ops = List.of(new FusedProgram.Binary(BinaryOp.SUB, 0, 1), new FusedProgram.Binary(BinaryOp.LT, 1, 1),
        new FusedProgram.Unary(UnaryOp.ERF, 1), new FusedProgram.Unary(UnaryOp.LOG1P, 2),
        new FusedProgram.Binary(BinaryOp.DIV, 3, 3), new FusedProgram.Unary(UnaryOp.ACOS, 6),
        new FusedProgram.Unary(UnaryOp.EXPM1, 7), new FusedProgram.Unary(UnaryOp.COSH, 6), new FusedProgram.Const(-0.597),
        new FusedProgram.Unary(UnaryOp.EXPM1, 9), new FusedProgram.Binary(BinaryOp.ATAN2, 6, 0),
        new FusedProgram.Binary(BinaryOp.POW, 6, 3), new FusedProgram.Binary(BinaryOp.POW, 6, 2));
    Random r = new Random(9);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      FusedProgram p = new FusedProgram(t, 2, ops, new int[] {11, 4, 7, 12, 13, 14, 2, 5});
      check(new Case(t, new long[] {3, 6}, p, new Input[] {tensor(r, new long[] {6}), tensor(r, new long[] {1})}));
    }
  }

  /** One instruction over two inputs of shapes (3, 4) and (4), the second sometimes zero or one. */
  private static Case single(Random r, DType t, FusedProgram.Op op) {
    FusedProgram p = new FusedProgram(t, 2, List.of(op), new int[] {2});
    Input a = tensor(r, new long[] {3, 4});
    Input b = tensor(r, new long[] {4});
    b.values()[0] = 0;
    b.values()[1] = 1;
    return new Case(t, new long[] {3, 4}, p, new Input[] {a, b});
  }

  @Example
  void anOutputMayBeTheSameViewAsItsInput() {
    for (String path : paths()) {
      usePath(path);
      DeviceBackend be = fusedBackend();
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        // p ← p − 0.5·g, g ← g·0.9: an SGD-with-momentum-like update of two tensors in place
        FusedProgram p = new FusedProgram(t, 2, List.of(new FusedProgram.Const(0.5), new FusedProgram.Binary(BinaryOp.MUL, 2, 1),
            new FusedProgram.Binary(BinaryOp.SUB, 0, 3), new FusedProgram.Const(t == DType.FLOAT32 ? 0.9f : 0.9),
            new FusedProgram.Binary(BinaryOp.MUL, 1, 5)), new int[] {4, 6});
        double[] param = {1, 2, 3, 4, 5, 6, 7};
        double[] grad = {0.5, -1, 2, 0, 1, 3, -2};
        Buffer pb = be.allocate(t, 7);
        Buffer gb = be.allocate(t, 7);
        be.write(pb, 0, array(t, param), 0, 7);
        be.write(gb, 0, array(t, grad), 0, 7);
        View pv = View.contiguous(pb, new long[] {7});
        View gv = View.contiguous(gb, new long[] {7});
        be.fused(p, new View[] {pv, gv}, new View[] {pv, gv});
        double[] newParam = read(be, pv);
        double[] newGrad = read(be, gv);
        for (int i = 0; i < 7; i++) {
          assertEquals(t == DType.FLOAT32 ? (float) (param[i] - 0.5 * grad[i]) : param[i] - 0.5 * grad[i], newParam[i], 0,
              path + " " + t + " parameter " + i);
          assertEquals(t == DType.FLOAT32 ? (double) ((float) grad[i] * 0.9f) : grad[i] * 0.9, newGrad[i], 0,
              path + " " + t + " momentum " + i);
        }
        be.release(pb);
        be.release(gb);
      }
    }
  }

  @Example
  void aProgramWithSixOutputs() {
    Random r = new Random(32);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      List<FusedProgram.Op> ops = List.of(new FusedProgram.Binary(BinaryOp.ADD, 0, 1), new FusedProgram.Binary(BinaryOp.MUL, 0, 1),
          new FusedProgram.Unary(UnaryOp.EXP, 0), new FusedProgram.Unary(UnaryOp.TANH, 1),
          new FusedProgram.Binary(BinaryOp.ATAN2, 0, 1), new FusedProgram.Binary(BinaryOp.GT, 0, 1));
      FusedProgram p = new FusedProgram(t, 2, ops, new int[] {2, 3, 4, 5, 6, 7});
      check(new Case(t, new long[] {5, 6}, p, new Input[] {tensor(r, new long[] {5, 6}), tensor(r, new long[] {5, 1})}));
      FusedProgram sums = new FusedProgram(t, 2, ops, new int[] {2, 3, 4, 5, 6, 7}, new FusedProgram.Reduction(new int[] {0},
          new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.SUM, ReduceOp.SUM, ReduceOp.SUM}));
      check(new Case(t, new long[] {5, 6}, sums, new Input[] {tensor(r, new long[] {5, 6}), tensor(r, new long[] {6})}));
    }
  }

  @Example
  void programsNoFusedKernelHoldsRunOpByOpOnTheDevice() {
    Random r = new Random(33);
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      // ten tensor inputs summed, then reduced: more operands than the interpreter's eight slots
      List<FusedProgram.Op> ops = new ArrayList<>();
      int acc = 0;
      for (int i = 1; i < 10; i++) {
        ops.add(new FusedProgram.Binary(BinaryOp.ADD, acc, i));
        acc = 10 + ops.size() - 1;
      }
      ops.add(new FusedProgram.Unary(UnaryOp.SIN, acc));
      Input[] ten = new Input[10];
      for (int i = 0; i < 10; i++) {
        ten[i] = tensor(r, new long[] {4, 3});
      }
      check(new Case(t, new long[] {4, 3}, new FusedProgram(t, 10, ops, new int[] {acc, acc + 1}), ten));
      check(new Case(t, new long[] {4, 3}, new FusedProgram(t, 10, ops, new int[] {acc + 1}, new FusedProgram.Reduction(
          new int[] {1}, new ReduceOp[] {ReduceOp.MAX})), ten));
      // five axes that do not merge (every input transposed): more than the fused layouts' four
      long[] five = {2, 3, 2, 3, 2};
      FusedProgram exp = new FusedProgram(t, 2, List.of(new FusedProgram.Binary(BinaryOp.MUL, 0, 1),
          new FusedProgram.Unary(UnaryOp.EXP, 2)), new int[] {3});
      Input a = tensor(r, five);
      Input reversed = new Input(five, false, new int[] {4, 3, 2, 1, 0}, a.values());
      check(new Case(t, five, exp, new Input[] {reversed, tensor(r, five)}));
    }
  }

  // ---- checking ----

  private void check(Case c) {
    double[][] cpu = run(CPU, c, true, 0);
    double[][] perturbed = run(CPU, c, true, 4);
    // Results that the math functions' last-ulp rounding decides (sin(asin(1)) < 1/tan(atan2(x, x)),
    // atan2(tan(1), 1) >= 1: equal but for rounding) are not decided by the inputs, so moving the
    // inputs does not reveal them: the same program with each inexact result moved by 4 ulps up, and
    // again down, does
    double[][] up = run(CPU, nudged(c, 4), true, 0);
    double[][] down = run(CPU, nudged(c, -4), true, 0);
    double[][] magnitude = magnitudes(c);
    double tol = c.dtype() == DType.FLOAT32 ? 2e-5 : 1e-11;
    double eps = c.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
    for (String path : paths()) {
      usePath(path);
      DeviceBackend be = fusedBackend();
      double[][] fused = run(be, c, true, 0);
      double[][] ops = run(be, c, false, 0);
      for (int j = 0; j < fused.length; j++) {
        for (int i = 0; i < fused[j].length; i++) {
          double f = fused[j][i];
          double o = ops[j][i];
          // a sum may add in another order: its rounding is bounded by the sum of magnitudes
          double slack = magnitude == null ? 0 : 8 * eps * magnitude[j][i];
          if (!withinUlps(f, o, c.dtype(), 4) && !(Math.abs(f - o) <= slack)) {
            fail(path + ": output " + j + " element " + i + " is " + f + " fused but " + o + " op by op on the same device\n  " + c);
          }
          double e = cpu[j][i];
          double spread = Math.abs(perturbed[j][i] - e);
          double bound = tol * (1 + Math.abs(e)) + 2 * slack;
          total++;
          boolean conditioned = Double.isNaN(e) == Double.isNaN(perturbed[j][i]) && spread <= bound
              && (!Double.isInfinite(e) || e == perturbed[j][i])
              && steady(e, up[j][i], bound) && steady(e, down[j][i], bound);
          if (!conditioned) {
            continue;
          }
          compared++;
          boolean ok = (Double.isNaN(e) && Double.isNaN(f)) || e == f || Math.abs(f - e) <= bound;
          if (!ok) {
            fail(path + ": output " + j + " element " + i + " is " + f + " on the device but " + e + " on the CPU\n  " + c);
          }
        }
      }
    }
  }

  /** Whether a value moved by rounding stays within {@code bound} of {@code e} (NaN stays NaN). */
  private static boolean steady(double e, double moved, double bound) {
    return Double.isNaN(e) == Double.isNaN(moved) && (e == moved || Math.abs(moved - e) <= bound);
  }

  /** Ops whose result the device's math may round differently from the CPU's (the others are exact in IEEE). */
  private static boolean inexact(FusedProgram.Op op) {
    if (op instanceof FusedProgram.Unary u) {
      return switch (u.op()) {
        case NEG, ABS, SIGN, RELU -> false;
        default -> true;
      };
    }
    return op instanceof FusedProgram.Binary b
        && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.POW || b.op() == BinaryOp.ATAN2);
  }

  /** The case with every inexact result multiplied by (1 + ulps·ε): each moved by about that many ulps. */
  private static Case nudged(Case c, int ulps) {
    FusedProgram p = c.program();
    double eps = c.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
    List<FusedProgram.Op> ops = new ArrayList<>();
    ops.add(new FusedProgram.Const(1 + ulps * eps));
    int factor = p.inputs();
    int[] moved = new int[p.registers()];
    for (int i = 0; i < p.inputs(); i++) {
      moved[i] = i;
    }
    for (int i = 0; i < p.ops().size(); i++) {
      FusedProgram.Op op = renumbered(p.ops().get(i), moved);
      ops.add(op);
      int at = p.inputs() + ops.size() - 1;
      if (inexact(op)) {
        ops.add(new FusedProgram.Binary(BinaryOp.MUL, at, factor));
        at++;
      }
      moved[p.inputs() + i] = at;
    }
    int[] outputs = new int[p.outputs().length];
    for (int j = 0; j < outputs.length; j++) {
      outputs[j] = moved[p.outputs()[j]];
    }
    return new Case(c.dtype(), c.shape(), new FusedProgram(p.dtype(), p.inputs(), ops, outputs, p.reduction()), c.inputs());
  }

  private static FusedProgram.Op renumbered(FusedProgram.Op op, int[] moved) {
    if (op instanceof FusedProgram.Unary u) {
      return new FusedProgram.Unary(u.op(), moved[u.x()]);
    } else if (op instanceof FusedProgram.Binary b) {
      return new FusedProgram.Binary(b.op(), moved[b.a()], moved[b.b()]);
    } else if (op instanceof FusedProgram.Where w) {
      return new FusedProgram.Where(moved[w.cond()], moved[w.a()], moved[w.b()]);
    } else if (op instanceof FusedProgram.NonZero z) {
      return new FusedProgram.NonZero(moved[z.x()]);
    }
    return op;
  }

  /** For a summing program: per output element, the sum of the magnitudes of what it sums (null otherwise). */
  private static double[][] magnitudes(Case c) {
    FusedProgram p = c.program();
    if (p.reduction() == null) {
      return null;
    }
    List<FusedProgram.Op> ops = new ArrayList<>(p.ops());
    int[] outputs = new int[p.outputs().length];
    ReduceOp[] sums = new ReduceOp[outputs.length];
    for (int j = 0; j < outputs.length; j++) {
      ops.add(new FusedProgram.Unary(UnaryOp.ABS, p.outputs()[j]));
      outputs[j] = p.inputs() + ops.size() - 1;
      sums[j] = ReduceOp.SUM;
    }
    FusedProgram abs = new FusedProgram(p.dtype(), p.inputs(), ops, outputs, new FusedProgram.Reduction(p.reduction().axes(), sums));
    return run(CPU, new Case(c.dtype(), c.shape(), abs, c.inputs()), true, 0);
  }

  @net.jqwik.api.lifecycle.AfterProperty
  void mostElementsWereComparedWithTheCpu() {
    assertTrue(compared >= total / 2, "compared " + compared + " of " + total + " elements with the CPU");
  }

  private static boolean withinUlps(double a, double b, DType t, int ulps) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    double ulp = t == DType.FLOAT32 ? Math.ulp((float) Math.max(Math.abs(a), Math.abs(b))) : Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    double smallest = t == DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    return Math.abs(a - b) <= ulps * Math.max(ulp, smallest * Math.ulp(1.0));
  }

  /** The outputs of a case on {@code be}, fused or op by op; inputs moved by {@code ulps} ulps when asked. */
  private static double[][] run(DeviceBackend be, Case c, boolean fused, int ulps) {
    List<Buffer> buffers = new ArrayList<>();
    try {
      View[] in = new View[c.inputs().length];
      for (int i = 0; i < in.length; i++) {
        in[i] = input(be, c, c.inputs()[i], ulps, buffers);
      }
      long[] outShape = c.outShape();
      View[] out = new View[c.program().outputs().length];
      for (int j = 0; j < out.length; j++) {
        Buffer b = be.allocate(c.dtype(), Math.max(1, size(outShape)));
        buffers.add(b);
        out[j] = View.contiguous(b, outShape);
      }
      if (fused) {
        be.fused(c.program(), in, out);
      } else {
        OpByOp.run(be, c.program(), in, out);
      }
      double[][] result = new double[out.length][];
      for (int j = 0; j < out.length; j++) {
        result[j] = read(be, out[j]);
      }
      return result;
    } finally {
      buffers.forEach(be::release);
    }
  }

  private static View input(DeviceBackend be, Case c, Input in, int ulps, List<Buffer> buffers) {
    double[] values = in.values().clone();
    if (ulps != 0) {
      for (int k = 0; k < values.length; k++) {
        values[k] += ulps * (c.dtype() == DType.FLOAT32 ? Math.ulp((float) values[k]) : Math.ulp(values[k]));
      }
    }
    if (in.immediate()) {
      return new View(new ImmediateBuffer(c.dtype(), values[0]), c.shape(), new long[c.shape().length], 0);
    }
    long[] shape = in.shape();
    int[] perm = in.permutation();
    long[] baseShape = new long[shape.length];
    for (int k = 0; k < shape.length; k++) {
      baseShape[k] = shape[perm[k]];
    }
    long[] baseStrides = View.rowMajorStrides(baseShape);
    long[] strides = new long[shape.length];
    for (int k = 0; k < shape.length; k++) {
      strides[perm[k]] = baseStrides[k];
    }
    int n = (int) size(shape);
    double[] base = new double[n];
    for (int flat = 0; flat < n; flat++) {
      long rest = flat;
      long at = 0;
      for (int d = shape.length - 1; d >= 0; d--) {
        at += (rest % shape[d]) * strides[d];
        rest /= shape[d];
      }
      base[(int) at] = values[flat];
    }
    Buffer b = be.allocate(c.dtype(), Math.max(1, n));
    buffers.add(b);
    be.write(b, 0, array(c.dtype(), base), 0, n);
    long[] full = new long[c.shape().length];
    int lead = full.length - shape.length;
    for (int d = 0; d < full.length; d++) {
      full[d] = d < lead || shape[d - lead] != c.shape()[d] ? 0 : strides[d - lead];
    }
    return new View(b, c.shape(), full, 0);
  }

  private static Object array(DType t, double[] v) {
    if (t == DType.FLOAT64) {
      return v;
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static double[] read(DeviceBackend be, View v) {
    int n = (int) v.size();
    double[] out = new double[n];
    if (v.dtype() == DType.FLOAT64) {
      be.read(v.buffer(), v.offset(), out, 0, n);
    } else {
      float[] f = new float[n];
      be.read(v.buffer(), v.offset(), f, 0, n);
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }

  private static long size(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  // ---- random cases ----

  static Case randomCase(Random r) {
    DType t = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
    int rank = 1 + r.nextInt(3);
    long[] shape = new long[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = 1 + r.nextInt(6);
    }
    int inputs = 1 + r.nextInt(4);
    Input[] in = new Input[inputs];
    for (int i = 0; i < inputs; i++) {
      if (i > 0 && r.nextInt(5) == 0) {
        in[i] = new Input(new long[0], true, new int[0], new double[] {value(r)});
      } else {
        int own = 1 + r.nextInt(rank);
        long[] s = Arrays.copyOfRange(shape, rank - own, rank);
        for (int d = 0; d < own; d++) {
          if (r.nextInt(4) == 0) {
            s[d] = 1;
          }
        }
        in[i] = tensor(r, s);
      }
    }
    int count = 1 + r.nextInt(40);
    List<FusedProgram.Op> ops = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int registers = inputs + ops.size();
      ops.add(switch (r.nextInt(10)) {
        case 0, 1, 2, 3 -> new FusedProgram.Unary(UnaryOp.values()[r.nextInt(UnaryOp.values().length)], operand(r, registers));
        case 4, 5, 6, 7 -> new FusedProgram.Binary(BinaryOp.values()[r.nextInt(BinaryOp.values().length)], operand(r, registers),
            operand(r, registers));
        case 8 -> r.nextBoolean() ? new FusedProgram.Where(operand(r, registers), operand(r, registers), operand(r, registers))
            : new FusedProgram.NonZero(operand(r, registers));
        default -> new FusedProgram.Const(t == DType.FLOAT32 ? (float) value(r) : value(r));
      });
    }
    int outputs = 1 + r.nextInt(3);
    int[] out = new int[outputs];
    out[0] = inputs + count - 1;
    for (int j = 1; j < outputs; j++) {
      out[j] = r.nextInt(inputs + count);
    }
    FusedProgram.Reduction reduction = null;
    if (r.nextInt(3) == 0) {
      List<Integer> axes = new ArrayList<>();
      for (int d = 0; d < rank; d++) {
        if (r.nextBoolean()) {
          axes.add(d);
        }
      }
      if (axes.isEmpty()) {
        axes.add(r.nextInt(rank));
      }
      ReduceOp[] reduceOps = new ReduceOp[outputs];
      for (int j = 0; j < outputs; j++) {
        reduceOps[j] = new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}[r.nextInt(3)];
      }
      reduction = new FusedProgram.Reduction(axes.stream().mapToInt(Integer::intValue).toArray(), reduceOps);
    }
    return new Case(t, shape, new FusedProgram(t, inputs, ops, out, reduction), in);
  }

  /** Mostly one of the last few registers, so that programs are deep rather than flat. */
  private static int operand(Random r, int registers) {
    return r.nextInt(3) > 0 ? Math.max(0, registers - 1 - r.nextInt(3)) : r.nextInt(registers);
  }

  private static double value(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> -1;
      default -> Math.round((r.nextDouble() * 4 - 2) * 1000) / 1000.0;
    };
  }

  private static Input tensor(Random r, long[] shape) {
    int[] perm = new int[shape.length];
    for (int k = 0; k < perm.length; k++) {
      perm[k] = k;
    }
    for (int k = perm.length - 1; k > 0; k--) {
      int j = r.nextInt(k + 1);
      int tmp = perm[k];
      perm[k] = perm[j];
      perm[j] = tmp;
    }
    double[] v = new double[(int) size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = value(r);
    }
    return new Input(shape, false, perm, v);
  }

  /** The reference: a program run instruction by instruction with the backend's unfused kernels. */
  static final class OpByOp {
    private OpByOp() {}

    static void run(DeviceBackend be, FusedProgram p, View[] inputs, View[] outputs) {
      DType t = p.dtype();
      long[] shape = inputs[0].shape();
      View[] reg = new View[p.registers()];
      System.arraycopy(inputs, 0, reg, 0, inputs.length);
      List<Buffer> temps = new ArrayList<>();
      View zero = new View(new ImmediateBuffer(t, 0), shape, new long[shape.length], 0);
      try {
        for (int i = 0; i < p.ops().size(); i++) {
          FusedProgram.Op op = p.ops().get(i);
          View out;
          if (op instanceof FusedProgram.Const c) {
            out = new View(new ImmediateBuffer(t, c.value()), shape, new long[shape.length], 0);
          } else if (op instanceof FusedProgram.Unary u) {
            out = temp(be, t, shape, temps);
            be.unary(u.op(), reg[u.x()], out);
          } else if (op instanceof FusedProgram.Binary b && !b.op().isComparison()) {
            out = temp(be, t, shape, temps);
            be.binary(b.op(), reg[b.a()], reg[b.b()], out);
          } else if (op instanceof FusedProgram.Binary b) {
            out = compare(be, b.op(), reg[b.a()], reg[b.b()], t, shape, temps);
          } else if (op instanceof FusedProgram.Where w) {
            View cond = temp(be, DType.BOOL, shape, temps);
            be.binary(BinaryOp.NE, reg[w.cond()], zero, cond);
            out = temp(be, t, shape, temps);
            be.where(cond, reg[w.a()], reg[w.b()], out);
          } else {
            out = compare(be, BinaryOp.NE, reg[((FusedProgram.NonZero) op).x()], zero, t, shape, temps);
          }
          reg[p.inputs() + i] = out;
        }
        for (int j = 0; j < outputs.length; j++) {
          View value = reg[p.outputs()[j]];
          if (p.reduction() == null) {
            be.copy(value, outputs[j]);
          } else {
            if (value.isImmediate()) {
              View full = temp(be, t, shape, temps);
              be.copy(value, full);
              value = full;
            }
            be.reduce(p.reduction().ops()[j], value, p.reduction().axes(), outputs[j]);
          }
        }
      } finally {
        temps.forEach(be::release);
      }
    }

    private static View compare(DeviceBackend be, BinaryOp op, View a, View b, DType t, long[] shape, List<Buffer> temps) {
      View bools = temp(be, DType.BOOL, shape, temps);
      be.binary(op, a, b, bools);
      View out = temp(be, t, shape, temps);
      be.copy(bools, out);
      return out;
    }

    private static View temp(DeviceBackend be, DType t, long[] shape, List<Buffer> temps) {
      Buffer b = be.allocate(t, Math.max(1, size(shape)));
      temps.add(b);
      return View.contiguous(b, shape);
    }
  }
}
