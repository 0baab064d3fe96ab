package dev.fluxion.cpu;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;

/**
 * The floating kernels: one tight loop per op over dense double arrays (offset + count), so
 * that the JIT compiles each loop on its own. Used directly on FLOAT64 tensors and on scratch
 * chunks for every other layout and floating dtype.
 */
final class DoubleLoops {
  private DoubleLoops() {}

  /*
   * One loop per op, each in its own lambda (its own compiled method), reached through a table:
   * the call site is megamorphic, so C2 never inlines several loops — or a Vector API kernel or a
   * big math function — into one method. When it did (a switch with one loop per case), it
   * stopped vectorising every loop of the method: 5-8x slower per element, measured.
   * Each loop also comes twice: JDK 17's C2 vectorises a loop whose arrays share one offset
   * (the usual case: fresh buffers, fused-kernel registers) but not one with a different
   * offset per array, which keeps the scalar form.
   */
  interface Dense {
    void run(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n);
  }

  interface Right {
    void run(double[] a, int ao, double b, double[] y, int yo, int n);
  }

  interface Left {
    void run(double a, double[] b, int bo, double[] y, int yo, int n);
  }

  interface Map {
    void run(double[] x, int xo, double[] y, int yo, int n);
  }

  private static final Dense[] DENSE = new Dense[BinaryOp.values().length];
  private static final Right[] RIGHT = new Right[BinaryOp.values().length];
  private static final Left[] LEFT = new Left[BinaryOp.values().length];
  private static final Map[] MAP = new Map[UnaryOp.values().length];

  static {
    DENSE[BinaryOp.ADD.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] + b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i];
      }
    };
    DENSE[BinaryOp.SUB.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] - b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i];
      }
    };
    DENSE[BinaryOp.MUL.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] * b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i];
      }
    };
    DENSE[BinaryOp.DIV.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] / b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i];
      }
    };
    DENSE[BinaryOp.MAX.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.max(a[i], b[i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]);
      }
    };
    DENSE[BinaryOp.MIN.ordinal()] = (a, ao, b, bo, y, yo, n) -> {
      if (ao == yo && bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.min(a[i], b[i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]);
      }
    };
    RIGHT[BinaryOp.ADD.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] + b;
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b;
      }
    };
    RIGHT[BinaryOp.SUB.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] - b;
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b;
      }
    };
    RIGHT[BinaryOp.MUL.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] * b;
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b;
      }
    };
    RIGHT[BinaryOp.DIV.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a[i] / b;
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b;
      }
    };
    RIGHT[BinaryOp.MAX.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.max(a[i], b);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b);
      }
    };
    RIGHT[BinaryOp.MIN.ordinal()] = (a, ao, b, y, yo, n) -> {
      if (ao == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.min(a[i], b);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b);
      }
    };
    LEFT[BinaryOp.ADD.ordinal()] = (a, b, bo, y, yo, n) -> {
      if (bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a + b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a + b[bo + i];
      }
    };
    LEFT[BinaryOp.SUB.ordinal()] = (a, b, bo, y, yo, n) -> {
      if (bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a - b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a - b[bo + i];
      }
    };
    LEFT[BinaryOp.MUL.ordinal()] = (a, b, bo, y, yo, n) -> {
      if (bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a * b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a * b[bo + i];
      }
    };
    LEFT[BinaryOp.DIV.ordinal()] = (a, b, bo, y, yo, n) -> {
      if (bo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = a / b[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = a / b[bo + i];
      }
    };
    MAP[UnaryOp.NEG.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = -x[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i];
      }
    };
    MAP[UnaryOp.SQRT.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.sqrt(x[i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(x[xo + i]);
      }
    };
    MAP[UnaryOp.RECIPROCAL.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = 1.0 / x[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = 1.0 / x[xo + i];
      }
    };
    MAP[UnaryOp.ABS.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.abs(x[i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]);
      }
    };
    MAP[UnaryOp.RELU.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = Math.max(x[i], 0.0);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0.0);
      }
    };
  }

  static void unary(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    if (SimdLoops.usable(op, false, n)) {
      SimdLoops.unary(op, x, xo, y, yo, n);
    } else if (SimdLoops.twinned(op)) {
      SimdLoops.twin(op, x, xo, y, yo, n); // the same bits as the SIMD kernel, before it is compiled
    } else {
      plain(op, x, xo, y, yo, n);
    }
  }

  /** The scalar loops: a dedicated one where it exists, else element by element. */
  private static void plain(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    Map k = MAP[op.ordinal()];
    if (k != null) {
      k.run(x, xo, y, yo, n);
    } else {
      other(op, x, xo, y, yo, n);
    }
  }

  /**
   * {@code y = a OP b} for arithmetic ops. {@code as}/{@code bs} are 1 for a dense operand and 0
   * for one repeated value (a broadcast scalar within the run).
   */
  static void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
    int k = op.ordinal();
    if (op == BinaryOp.POW) {
      pow(a, ao, as, b, bo, bs, y, yo, n);
    } else if (as == 1 && bs == 1 && DENSE[k] != null) {
      DENSE[k].run(a, ao, b, bo, y, yo, n);
    } else if (as == 1 && bs == 0 && RIGHT[k] != null) {
      RIGHT[k].run(a, ao, b[bo], y, yo, n);
    } else if (as == 0 && bs == 1 && LEFT[k] != null) {
      LEFT[k].run(a[ao], b, bo, y, yo, n);
    } else {
      other(op, a, ao, as, b, bo, bs, y, yo, n);
    }
  }

  /**
   * {@code y = a^b}: kept apart from the arithmetic loops so that the Vector API kernels it may
   * call are never inlined beside them (see {@link #plain}).
   */
  private static void pow(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
    if (as == 1 && bs == 1) {
      if (SimdLoops.usablePow(SimdWarmup.POW_DOUBLE, n)) {
        SimdLoops.pow(a, ao, b, bo, y, yo, n);
      } else if (Simd.ENABLED) {
        for (int i = 0; i < n; i++) y[yo + i] = ScalarMathDouble.pow(a[ao + i], b[bo + i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.pow(a[ao + i], b[bo + i]);
      }
    } else if (as == 1) {
      powScalar(a, ao, b[bo], y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = Math.pow(a[ao + i * as], b[bo + i * bs]);
    }
  }

  /**
   * {@code x^p} for a scalar exponent, with NumPy's fast paths (p = 2, 3, 1, 0.5, −1, 0) as
   * exact multiplications, square roots and reciprocals.
   */
  private static void powScalar(double[] a, int ao, double p, double[] y, int yo, int n) {
    if (p == 2) {
      for (int i = 0; i < n; i++) {
        double v = a[ao + i];
        y[yo + i] = v * v;
      }
    } else if (p == 3) {
      for (int i = 0; i < n; i++) {
        double v = a[ao + i];
        y[yo + i] = v * v * v;
      }
    } else if (p == 1) {
      System.arraycopy(a, ao, y, yo, n);
    } else if (p == 0.5) {
      for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(a[ao + i]);
    } else if (p == -1) {
      for (int i = 0; i < n; i++) y[yo + i] = 1.0 / a[ao + i];
    } else if (p == 0) {
      java.util.Arrays.fill(y, yo, yo + n, 1.0);
    } else if (SimdLoops.usablePow(SimdWarmup.POW_SCALAR_DOUBLE, n)) {
      SimdLoops.pow(a, ao, p, y, yo, n);
    } else if (Simd.ENABLED) {
      ScalarMathDouble.pow(a, ao, p, y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = Math.pow(a[ao + i], p);
    }
  }

  /**
   * Every other binary op (atan2, comparisons), element by element through {@link #apply}. Kept out
   * of the arithmetic switches: C2 stops vectorising a method whose graph holds this many calls.
   */
  static void other(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }
  }

  /** Unary ops without a dedicated loop, element by element through {@link #apply}. */
  static void other(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = apply(op, x[xo + i]);
    }
  }

  /** One element of any unary op (the scalar definition every kernel agrees with). */
  static double apply(UnaryOp op, double x) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case ASIN -> CpuMath.asin(x);
      case ACOS -> CpuMath.acos(x);
      case ATAN -> CpuMath.atan(x);
      case SINH -> CpuMath.sinh(x);
      case COSH -> CpuMath.cosh(x);
      case TANH -> CpuMath.tanh(x);
      case SQRT -> Math.sqrt(x);
      case RECIPROCAL -> 1.0 / x;
      case ABS -> Math.abs(x);
      case SIGN -> Math.signum(x);
      case SIGMOID -> CpuMath.sigmoid(x);
      case RELU -> Math.max(x, 0.0);
      case LOG1P -> CpuMath.log1p(x);
      case EXPM1 -> CpuMath.expm1(x);
      case ERF -> CpuMath.erf(x);
    };
  }

  /** One element of any binary op (comparisons give 1 or 0). */
  static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> Math.pow(a, b);
      case MAX -> Math.max(a, b);
      case MIN -> Math.min(a, b);
      case ATAN2 -> CpuMath.atan2(a, b);
      case LT -> a < b ? 1 : 0;
      case LE -> a <= b ? 1 : 0;
      case GT -> a > b ? 1 : 0;
      case GE -> a >= b ? 1 : 0;
      case EQ -> a == b ? 1 : 0;
      case NE -> a != b ? 1 : 0;
    };
  }
}
