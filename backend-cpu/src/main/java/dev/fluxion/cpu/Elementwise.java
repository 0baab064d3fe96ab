package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;

/**
 * Elementwise kernels over strided views. Dense FLOAT64 runs go straight to
 * {@link DoubleLoops}; every other layout and dtype moves through small scratch chunks
 * (gather → kernel → scatter), integers through {@link LongLoops}.
 */
final class Elementwise {
  static final int CHUNK = 1024;
  /** Below this many elements an op runs on the calling thread. */
  static final long GRAIN = 1 << 15;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    final double[] a = new double[CHUNK];
    final double[] b = new double[CHUNK];
    final double[] c = new double[CHUNK];
    final long[] la = new long[CHUNK];
    final long[] lb = new long[CHUNK];
    final long[] lc = new long[CHUNK];
    final float[] fa = new float[CHUNK];
    final float[] fb = new float[CHUNK];
    final float[] fc = new float[CHUNK];
  }

  private Elementwise() {}

  /** The array and offset shift for direct access to a dense FLOAT64 operand (immediates: one element). */
  private static double[] doubles(Buffer b) {
    if (b instanceof ImmediateBuffer imm) {
      return new double[] {imm.value()};
    }
    return (double[]) ((CpuBuffer) b).array;
  }

  private static boolean denseOrRepeated(long stride) {
    return stride == 0 || stride == 1;
  }

  static void unary(UnaryOp op, View x, View out) {
    Plan p = Plan.of(out, x);
    boolean integral = Runs.integral(x.dtype());
    boolean dense = !x.isImmediate() && p.inner(0) == 1 && p.inner(1) == 1;
    Object xa = dense ? ((CpuBuffer) x.buffer()).array : null;
    Object oa = dense ? ((CpuBuffer) out.buffer()).array : null;
    boolean direct = dense && (x.dtype() == DType.FLOAT64 || x.dtype() == DType.FLOAT32);
    boolean viaFloat = x.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32;
    Parallel.forRange(p.size, GRAIN, (lo, hi) -> p.forEachRun(lo, hi, (off, len) -> {
      if (direct) {
        if (xa instanceof double[] xd) {
          DoubleLoops.unary(op, xd, (int) off[1], (double[]) oa, (int) off[0], len);
        } else {
          FloatLoops.unary(op, (float[]) xa, (int) off[1], (float[]) oa, (int) off[0], len);
        }
        return;
      }
      Scratch s = SCRATCH.get();
      for (int done = 0; done < len; done += CHUNK) {
        int n = Math.min(CHUNK, len - done);
        long xo = off[1] + done * p.inner(1);
        long oo = off[0] + done * p.inner(0);
        if (integral) {
          Runs.loadLong(x.buffer(), xo, p.inner(1), n, s.la);
          LongLoops.unary(op, s.la, s.lc, n);
          Runs.storeLong(out.buffer(), oo, p.inner(0), n, s.lc);
        } else if (viaFloat) { // the float loops of dense runs, so a layout never changes the bits
          Runs.loadDouble(x.buffer(), xo, p.inner(1), n, s.a);
          narrow(s.a, s.fa, n);
          FloatLoops.unary(op, s.fa, 0, s.fc, 0, n);
          widen(s.fc, s.c, n);
          Runs.storeDouble(out.buffer(), oo, p.inner(0), n, s.c);
        } else {
          Runs.loadDouble(x.buffer(), xo, p.inner(1), n, s.a);
          DoubleLoops.unary(op, s.a, 0, s.c, 0, n);
          Runs.storeDouble(out.buffer(), oo, p.inner(0), n, s.c);
        }
      }
    }));
  }

  /** Direct access to a dense or repeated FLOAT32 operand (immediates: one element). */
  private static float[] floats(Buffer b) {
    if (b instanceof ImmediateBuffer imm) {
      return new float[] {(float) imm.value()};
    }
    return (float[]) ((CpuBuffer) b).array;
  }

  static void binary(BinaryOp op, View a, View b, View out) {
    Plan p = Plan.of(out, a, b);
    boolean integral = Runs.integral(a.dtype());
    boolean layout = p.inner(0) == 1 && denseOrRepeated(p.inner(1)) && denseOrRepeated(p.inner(2));
    boolean direct = layout && a.dtype() == DType.FLOAT64 && out.dtype() == DType.FLOAT64;
    boolean viaFloat = a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32
        && FloatLoops.covers(op);
    boolean directFloat = layout && viaFloat;
    double[] aa = direct ? doubles(a.buffer()) : null;
    double[] ba = direct ? doubles(b.buffer()) : null;
    double[] oa = direct ? doubles(out.buffer()) : null;
    float[] af = directFloat ? floats(a.buffer()) : null;
    float[] bf = directFloat ? floats(b.buffer()) : null;
    float[] of = directFloat ? floats(out.buffer()) : null;
    int as = a.isImmediate() ? 0 : (int) p.inner(1);
    int bs = b.isImmediate() ? 0 : (int) p.inner(2);
    Parallel.forRange(p.size, GRAIN, (lo, hi) -> p.forEachRun(lo, hi, (off, len) -> {
      if (direct || directFloat) {
        int ao = a.isImmediate() ? 0 : (int) off[1];
        int bo = b.isImmediate() ? 0 : (int) off[2];
        if (direct) {
          DoubleLoops.binary(op, aa, ao, as, ba, bo, bs, oa, (int) off[0], len);
        } else {
          FloatLoops.binary(op, af, ao, as, bf, bo, bs, of, (int) off[0], len);
        }
        return;
      }
      Scratch s = SCRATCH.get();
      for (int done = 0; done < len; done += CHUNK) {
        int n = Math.min(CHUNK, len - done);
        long ao = off[1] + done * p.inner(1);
        long bo = off[2] + done * p.inner(2);
        long oo = off[0] + done * p.inner(0);
        if (integral) {
          Runs.loadLong(a.buffer(), ao, p.inner(1), n, s.la);
          Runs.loadLong(b.buffer(), bo, p.inner(2), n, s.lb);
          LongLoops.binary(op, s.la, s.lb, s.lc, n);
          Runs.storeLong(out.buffer(), oo, p.inner(0), n, s.lc);
        } else if (viaFloat) { // the float loops of dense runs, so a layout never changes the bits
          Runs.loadDouble(a.buffer(), ao, p.inner(1), n, s.a);
          Runs.loadDouble(b.buffer(), bo, p.inner(2), n, s.b);
          narrow(s.a, s.fa, n);
          narrow(s.b, s.fb, n);
          FloatLoops.binary(op, s.fa, 0, 1, s.fb, 0, 1, s.fc, 0, n);
          widen(s.fc, s.c, n);
          Runs.storeDouble(out.buffer(), oo, p.inner(0), n, s.c);
        } else {
          Runs.loadDouble(a.buffer(), ao, p.inner(1), n, s.a);
          Runs.loadDouble(b.buffer(), bo, p.inner(2), n, s.b);
          DoubleLoops.binary(op, s.a, 0, 1, s.b, 0, 1, s.c, 0, n);
          Runs.storeDouble(out.buffer(), oo, p.inner(0), n, s.c);
        }
      }
    }));
  }

  /** FLOAT32 values held in doubles (exact) into floats. */
  private static void narrow(double[] src, float[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[i] = (float) src[i];
    }
  }

  private static void widen(float[] src, double[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[i] = src[i];
    }
  }

  static void where(View cond, View a, View b, View out) {
    Plan p = Plan.of(out, cond, a, b);
    boolean integral = Runs.integral(a.dtype());
    Parallel.forRange(p.size, GRAIN, (lo, hi) -> p.forEachRun(lo, hi, (off, len) -> {
      Scratch s = SCRATCH.get();
      for (int done = 0; done < len; done += CHUNK) {
        int n = Math.min(CHUNK, len - done);
        Runs.loadLong(cond.buffer(), off[1] + done * p.inner(1), p.inner(1), n, s.lc);
        long ao = off[2] + done * p.inner(2);
        long bo = off[3] + done * p.inner(3);
        long oo = off[0] + done * p.inner(0);
        if (integral) {
          Runs.loadLong(a.buffer(), ao, p.inner(2), n, s.la);
          Runs.loadLong(b.buffer(), bo, p.inner(3), n, s.lb);
          for (int i = 0; i < n; i++) {
            s.la[i] = s.lc[i] != 0 ? s.la[i] : s.lb[i];
          }
          Runs.storeLong(out.buffer(), oo, p.inner(0), n, s.la);
        } else {
          Runs.loadDouble(a.buffer(), ao, p.inner(2), n, s.a);
          Runs.loadDouble(b.buffer(), bo, p.inner(3), n, s.b);
          for (int i = 0; i < n; i++) {
            s.a[i] = s.lc[i] != 0 ? s.a[i] : s.b[i];
          }
          Runs.storeDouble(out.buffer(), oo, p.inner(0), n, s.a);
        }
      }
    }));
  }

  /** Strided copy with conversion; same-dtype dense runs are plain array copies. */
  static void copy(View src, View dst) {
    Plan p = Plan.of(dst, src);
    DType from = src.dtype();
    DType to = dst.dtype();
    boolean viaLong = Runs.integral(to) && Runs.integral(from);
    boolean arrayCopy = from == to && !src.isImmediate() && p.inner(0) == 1 && p.inner(1) == 1;
    Parallel.forRange(p.size, GRAIN, (lo, hi) -> p.forEachRun(lo, hi, (off, len) -> {
      if (arrayCopy) {
        System.arraycopy(((CpuBuffer) src.buffer()).array, (int) off[1], ((CpuBuffer) dst.buffer()).array, (int) off[0], len);
        return;
      }
      Scratch s = SCRATCH.get();
      for (int done = 0; done < len; done += CHUNK) {
        int n = Math.min(CHUNK, len - done);
        long so = off[1] + done * p.inner(1);
        long oo = off[0] + done * p.inner(0);
        if (viaLong || (from == DType.INT64 && to == DType.INT64)) {
          Runs.loadLong(src.buffer(), so, p.inner(1), n, s.la);
          Runs.storeLong(dst.buffer(), oo, p.inner(0), n, s.la);
        } else {
          Runs.loadDouble(src.buffer(), so, p.inner(1), n, s.a);
          Runs.storeDouble(dst.buffer(), oo, p.inner(0), n, s.a);
        }
      }
    }));
  }
}
