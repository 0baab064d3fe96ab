package dev.fluxion.cpu;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.UnaryOp;

/**
 * FLOAT32 kernels on dense float arrays, so that float tensors are not widened through scratch
 * chunks: arithmetic in tight float loops (which C2 vectorises), transcendentals through the
 * SIMD kernels when available, everything else computed in double and rounded once.
 */
final class FloatLoops {
  private FloatLoops() {}

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
    void run(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n);
  }

  interface Right {
    void run(float[] a, int ao, float b, float[] y, int yo, int n);
  }

  interface Left {
    void run(float a, float[] b, int bo, float[] y, int yo, int n);
  }

  interface Map {
    void run(float[] x, int xo, float[] y, int yo, int n);
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
        for (int i = yo; i < yo + n; i++) y[i] = (float) Math.sqrt(x[i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]);
      }
    };
    MAP[UnaryOp.RECIPROCAL.ordinal()] = (x, xo, y, yo, n) -> {
      if (xo == yo) {
        for (int i = yo; i < yo + n; i++) y[i] = 1f / x[i];
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = 1f / x[xo + i];
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
        for (int i = yo; i < yo + n; i++) y[i] = Math.max(x[i], 0f);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0f);
      }
    };
  }

  static void unary(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    if (SimdLoops.usable(op, true, n)) {
      SimdLoops.unary(op, x, xo, y, yo, n);
    } else if (SimdLoops.twinned(op)) {
      SimdLoops.twin(op, x, xo, y, yo, n); // the same bits as the SIMD kernel, before it is compiled
    } else {
      plain(op, x, xo, y, yo, n);
    }
  }

  /** The scalar loops: a dedicated one where it exists, else element by element. */
  private static void plain(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    Map k = MAP[op.ordinal()];
    if (k != null) {
      k.run(x, xo, y, yo, n);
    } else {
      other(op, x, xo, y, yo, n);
    }
  }

  /** Arithmetic ops with {@code as}/{@code bs} 1 for a dense operand, 0 for a repeated value. */
  static void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
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

  /** Whether {@link #binary} implements {@code op} (comparisons produce BOOL elsewhere). */
  static boolean covers(BinaryOp op) {
    return !op.isComparison();
  }

  /**
   * {@code y = a^b}: kept apart from the arithmetic loops so that the Vector API kernels it may
   * call are never inlined beside them (see {@link #plain}).
   */
  private static void pow(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
    if (as == 1 && bs == 1) {
      if (SimdLoops.usablePow(SimdWarmup.POW_FLOAT, n)) {
        SimdLoops.pow(a, ao, b, bo, y, yo, n);
      } else if (Simd.ENABLED) {
        for (int i = 0; i < n; i++) y[yo + i] = ScalarMathFloat.pow(a[ao + i], b[bo + i]);
      } else {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(a[ao + i], b[bo + i]);
      }
    } else if (as == 1) {
      powScalar(a, ao, b[bo], y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(a[ao + i * as], b[bo + i * bs]);
    }
  }

  /** {@code x^p} for a scalar exponent, with the fast paths of {@link DoubleLoops}. */
  private static void powScalar(float[] a, int ao, float p, float[] y, int yo, int n) {
    if (p == 2) {
      for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * a[ao + i];
    } else if (p == 3) {
      for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * a[ao + i] * a[ao + i];
    } else if (p == 1) {
      System.arraycopy(a, ao, y, yo, n);
    } else if (p == 0.5f) {
      for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(a[ao + i]);
    } else if (p == -1) {
      for (int i = 0; i < n; i++) y[yo + i] = 1f / a[ao + i];
    } else if (p == 0) {
      java.util.Arrays.fill(y, yo, yo + n, 1f);
    } else if (SimdLoops.usablePow(SimdWarmup.POW_SCALAR_FLOAT, n)) {
      SimdLoops.pow(a, ao, p, y, yo, n);
    } else if (Simd.ENABLED) {
      ScalarMathFloat.pow(a, ao, p, y, yo, n);
    } else {
      for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(a[ao + i], p);
    }
  }

  /** Ops without a dedicated float loop, in double and rounded once (kept apart, as in {@link DoubleLoops#other}). */
  private static void other(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = (float) DoubleLoops.apply(op, a[ao + i * as], b[bo + i * bs]);
    }
  }

  private static void other(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
    for (int i = 0; i < n; i++) {
      y[yo + i] = (float) DoubleLoops.apply(op, x[xo + i]);
    }
  }
}
