package dev.fluxion.cpu;

import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.IndexOutOfRangeException;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.List;

/**
 * Gather and scatter-add along one axis ({@link dev.fluxion.spi.DeviceBackend#gather},
 * {@link dev.fluxion.spi.DeviceBackend#scatterAdd}) as strided loops.
 *
 * <p>Gather walks the output in runs; a run whose index is constant (rows of a take) is one
 * array copy. Scatter-add splits the output into <i>lines</i>: the elements that differ only in
 * the scattered axis. A line belongs to one thread, and its additions happen in row-major order
 * of the index positions, so results are the same on every run and every core count (and the
 * same as the device kernels'). Long lines-runs (rows) are updated index by index; otherwise
 * each line walks all its indices in one tight loop.
 */
final class GatherScatter {
  /** Line runs at least this long are updated row by row. */
  private static final int ROW_RUN = 16;

  private GatherScatter() {}

  /** An operand's array (a one-element array for an immediate), offset and strides. */
  private record Operand(Object array, long offset, long[] strides) {
    static Operand of(View v) {
      if (v.buffer() instanceof ImmediateBuffer imm) {
        Object a = CpuBuffer.newArray(v.dtype(), 1);
        switch (v.dtype()) {
          case FLOAT64 -> ((double[]) a)[0] = imm.value();
          case FLOAT32 -> ((float[]) a)[0] = (float) imm.value();
          case INT32 -> ((int[]) a)[0] = (int) imm.value();
          case INT64 -> ((long[]) a)[0] = (long) imm.value();
          case BOOL -> ((boolean[]) a)[0] = imm.value() != 0;
        }
        return new Operand(a, 0, new long[v.ndim()]);
      }
      return new Operand(((CpuBuffer) v.buffer()).array, v.offset(), v.strides());
    }

    /** A view of this operand's layout for iteration planning (its buffer is never read). */
    View layout(View any, long[] shape, long[] strides) {
      return new View(any.buffer(), shape, strides, offset);
    }
  }

  static void gather(View x, View index, int axis, View out) {
    Operand xs = Operand.of(x);
    Operand is = Operand.of(index);
    long n = x.shape()[axis];
    long axisStride = xs.strides()[axis];
    long[] xStrides = xs.strides().clone();
    xStrides[axis] = 0;
    Plan p = Plan.of(out, xs.layout(out, out.shape(), xStrides), is.layout(out, out.shape(), is.strides()));
    Object o = ((CpuBuffer) out.buffer()).array;
    long[] idx = (long[]) is.array();
    Parallel.forRange(p.size, Elementwise.GRAIN, (lo, hi) -> p.forEachRun(lo, hi, (off, len) -> {
      if (p.inner(2) == 0) {
        long k = wrap(idx[(int) off[2]], n);
        copy(xs.array(), off[1] + k * axisStride, p.inner(1), o, off[0], p.inner(0), len);
      } else {
        gatherRun(xs.array(), off[1], p.inner(1), axisStride, n, idx, off[2], p.inner(2), o, off[0], p.inner(0), len);
      }
    }));
  }

  static void scatterAdd(View index, View src, int axis, View out) {
    long[] o = index.shape();
    Operand is = Operand.of(index);
    Operand ss = Operand.of(src);
    long n = out.shape()[axis];
    long axisStride = out.strides()[axis];
    int lineRank = 0;
    int innerRank = 0;
    for (int d = 0; d < o.length; d++) {
      if (o[d] != 1 && d != axis && out.strides()[d] != 0) {
        lineRank++;
      } else if (o[d] != 1) {
        innerRank++;
      }
    }
    long[][] line = new long[4][lineRank];
    long[][] inner = new long[3][innerRank];
    for (int d = 0, l = 0, j = 0; d < o.length; d++) {
      long[] s = {o[d], out.strides()[d], is.strides()[d], ss.strides()[d]};
      if (o[d] != 1 && d != axis && out.strides()[d] != 0) {
        for (int k = 0; k < 4; k++) {
          line[k][l] = s[k];
        }
        l++;
      } else if (o[d] != 1) {
        inner[0][j] = s[0];
        inner[1][j] = s[2];
        inner[2][j++] = s[3];
      }
    }
    Plan lines = Plan.of(new View(out.buffer(), line[0], line[1], out.offset()), is.layout(out, line[0], line[2]),
        ss.layout(out, line[0], line[3]));
    Plan steps = Plan.of(new View(out.buffer(), inner[0], inner[1], 0), new View(out.buffer(), inner[0], inner[2], 0));
    if (lines.size == 0 || steps.size == 0) {
      return;
    }
    Object dst = ((CpuBuffer) out.buffer()).array;
    long[] idx = (long[]) is.array();
    Object values = ss.array();
    Parallel.forRange(lines.size, Math.max(1, Elementwise.GRAIN / steps.size), (lo, hi) -> {
      List<long[]> runs = new ArrayList<>();
      lines.forEachRun(lo, hi, (off, len) -> runs.add(new long[] {off[0], off[1], off[2], len}));
      if (lines.inner(0) == 1 && (hi - lo) / runs.size() >= ROW_RUN) {
        // rows: each index position updates every line of the run, contiguous in memory
        steps.forEachRun(0, steps.size, (st, count) -> {
          for (int t = 0; t < count; t++) {
            long ii = st[0] + t * steps.inner(0);
            long si = st[1] + t * steps.inner(1);
            for (long[] r : runs) {
              addRows(dst, r[0], lines.inner(0), axisStride, n, idx, r[1] + ii, lines.inner(1), values, r[2] + si,
                  lines.inner(2), (int) r[3]);
            }
          }
        });
      } else {
        // columns: each line walks all of its index positions in one loop
        for (long[] r : runs) {
          for (int u = 0; u < r[3]; u++) {
            long ob = r[0] + u * lines.inner(0);
            long ib = r[1] + u * lines.inner(1);
            long sb = r[2] + u * lines.inner(2);
            steps.forEachRun(0, steps.size, (st, count) -> addColumn(dst, ob, axisStride, n, idx, ib + st[0], steps.inner(0),
                values, sb + st[1], steps.inner(1), count));
          }
        }
      }
    });
  }

  /** NumPy's negative indices; one outside [−n, n) throws (the engine names the op and axis). */
  private static long wrap(long k, long n) {
    long w = k < 0 ? k + n : k;
    if (w < 0 || w >= n) {
      throw new IndexOutOfRangeException(k, n);
    }
    return w;
  }

  private static void copy(Object src, long so, long ss, Object dst, long d0, long ds, int len) {
    if (ss == 1 && ds == 1) {
      System.arraycopy(src, (int) so, dst, (int) d0, len);
      return;
    }
    if (src instanceof double[] s) {
      double[] d = (double[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (d0 + j * ds)] = s[(int) (so + j * ss)];
      }
    } else if (src instanceof float[] s) {
      float[] d = (float[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (d0 + j * ds)] = s[(int) (so + j * ss)];
      }
    } else if (src instanceof int[] s) {
      int[] d = (int[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (d0 + j * ds)] = s[(int) (so + j * ss)];
      }
    } else if (src instanceof long[] s) {
      long[] d = (long[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (d0 + j * ds)] = s[(int) (so + j * ss)];
      }
    } else {
      boolean[] s = (boolean[]) src;
      boolean[] d = (boolean[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (d0 + j * ds)] = s[(int) (so + j * ss)];
      }
    }
  }

  private static void gatherRun(Object x, long xo, long xs, long as, long n, long[] idx, long io, long is,
      Object dst, long oo, long os, int len) {
    if (x instanceof double[] s) {
      double[] d = (double[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (oo + j * os)] = s[(int) (xo + j * xs + wrap(idx[(int) (io + j * is)], n) * as)];
      }
    } else if (x instanceof float[] s) {
      float[] d = (float[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (oo + j * os)] = s[(int) (xo + j * xs + wrap(idx[(int) (io + j * is)], n) * as)];
      }
    } else if (x instanceof int[] s) {
      int[] d = (int[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (oo + j * os)] = s[(int) (xo + j * xs + wrap(idx[(int) (io + j * is)], n) * as)];
      }
    } else if (x instanceof long[] s) {
      long[] d = (long[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (oo + j * os)] = s[(int) (xo + j * xs + wrap(idx[(int) (io + j * is)], n) * as)];
      }
    } else {
      boolean[] s = (boolean[]) x;
      boolean[] d = (boolean[]) dst;
      for (int j = 0; j < len; j++) {
        d[(int) (oo + j * os)] = s[(int) (xo + j * xs + wrap(idx[(int) (io + j * is)], n) * as)];
      }
    }
  }

  /** One index position added into {@code len} neighbouring lines. */
  private static void addRows(Object dst, long oo, long os, long as, long n, long[] idx, long io, long is,
      Object src, long so, long ss, int len) {
    if (is == 0) {
      long base = oo + wrap(idx[(int) io], n) * as;
      addRun(dst, base, os, src, so, ss, len);
      return;
    }
    for (int u = 0; u < len; u++) {
      addRun(dst, oo + u * os + wrap(idx[(int) (io + u * is)], n) * as, 0, src, so + u * ss, 0, 1);
    }
  }

  /** {@code dst[d0 + u·ds] += src[s0 + u·ss]} for u < len. */
  private static void addRun(Object dst, long d0, long ds, Object src, long s0, long ss, int len) {
    if (dst instanceof double[] d) {
      double[] s = (double[]) src;
      for (int u = 0; u < len; u++) {
        d[(int) (d0 + u * ds)] += s[(int) (s0 + u * ss)];
      }
    } else if (dst instanceof float[] d) {
      float[] s = (float[]) src;
      for (int u = 0; u < len; u++) {
        d[(int) (d0 + u * ds)] += s[(int) (s0 + u * ss)];
      }
    } else if (dst instanceof int[] d) {
      int[] s = (int[]) src;
      for (int u = 0; u < len; u++) {
        d[(int) (d0 + u * ds)] += s[(int) (s0 + u * ss)];
      }
    } else {
      long[] d = (long[]) dst;
      long[] s = (long[]) src;
      for (int u = 0; u < len; u++) {
        d[(int) (d0 + u * ds)] += s[(int) (s0 + u * ss)];
      }
    }
  }

  /** One line: {@code count} index positions added in order into the elements along the axis. */
  private static void addColumn(Object dst, long ob, long as, long n, long[] idx, long io, long is,
      Object src, long so, long ss, int count) {
    if (dst instanceof double[] d) {
      double[] s = (double[]) src;
      for (int j = 0; j < count; j++) {
        d[(int) (ob + wrap(idx[(int) (io + j * is)], n) * as)] += s[(int) (so + j * ss)];
      }
    } else if (dst instanceof float[] d) {
      float[] s = (float[]) src;
      for (int j = 0; j < count; j++) {
        d[(int) (ob + wrap(idx[(int) (io + j * is)], n) * as)] += s[(int) (so + j * ss)];
      }
    } else if (dst instanceof int[] d) {
      int[] s = (int[]) src;
      for (int j = 0; j < count; j++) {
        d[(int) (ob + wrap(idx[(int) (io + j * is)], n) * as)] += s[(int) (so + j * ss)];
      }
    } else {
      long[] d = (long[]) dst;
      long[] s = (long[]) src;
      for (int j = 0; j < count; j++) {
        d[(int) (ob + wrap(idx[(int) (io + j * is)], n) * as)] += s[(int) (so + j * ss)];
      }
    }
  }
}
