package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;

/**
 * Reductions over any set of axes: the kept axes index the outputs, the reduced axes form an
 * inner block walked in strided runs. Work is split over outputs, or — for a single output —
 * over the inner block with partial results merged in order.
 */
final class Reductions {
  private Reductions() {}

  static void reduce(ReduceOp op, View x, int[] axes, View out) {
    int rank = x.ndim();
    boolean[] reduced = new boolean[rank];
    for (int a : axes) {
      reduced[a] = true;
    }
    long[] keptShape = new long[rank - axes.length];
    long[] keptStrides = new long[keptShape.length];
    long[] redShape = new long[axes.length];
    long[] redStrides = new long[axes.length];
    for (int d = 0, k = 0, r = 0; d < rank; d++) {
      if (reduced[d]) {
        redShape[r] = x.shape()[d];
        redStrides[r++] = x.strides()[d];
      } else {
        keptShape[k] = x.shape()[d];
        keptStrides[k++] = x.strides()[d];
      }
    }
    Plan outer = Plan.of(new View(out.buffer(), keptShape, out.strides(), out.offset()),
        new View(x.buffer(), keptShape, keptStrides, x.offset()));
    Plan inner = Plan.of(new View(x.buffer(), redShape, redStrides, 0));
    boolean integral = Runs.integral(x.dtype());
    if (outer.size == 1) {
      reduceOne(op, x.buffer(), integral, outer.base[1], inner, out.buffer(), outer.base[0]);
      return;
    }
    long grain = Math.max(1, Elementwise.GRAIN / Math.max(1, inner.size));
    Parallel.forRange(outer.size, grain, (lo, hi) -> {
      Acc acc = new Acc(op, integral);
      outer.forEachRun(lo, hi, (off, len) -> {
        for (int j = 0; j < len; j++) {
          acc.reset();
          long base = off[1] + j * outer.inner(1);
          inner.forEachRun(0, inner.size, (io, n) -> acc.add(x.buffer(), base + io[0], inner.inner(0), n));
          acc.store(out.buffer(), off[0] + j * outer.inner(0));
        }
      });
    });
  }

  /** One output from a large inner block, in parallel parts merged left to right. */
  private static void reduceOne(ReduceOp op, Buffer x, boolean integral, long base, Plan inner, Buffer out, long outOffset) {
    int parts = inner.size >= Elementwise.GRAIN ? Parallel.THREADS : 1;
    Acc[] partial = new Acc[parts];
    Parallel.forRange(parts, 1, (lo, hi) -> {
      for (long p = lo; p < hi; p++) {
        Acc acc = new Acc(op, integral);
        long from = inner.size * p / parts;
        long to = inner.size * (p + 1) / parts;
        acc.position = from;
        inner.forEachRun(from, to, (io, n) -> acc.add(x, base + io[0], inner.inner(0), n));
        partial[(int) p] = acc;
      }
    });
    Acc total = partial[0];
    for (int p = 1; p < parts; p++) {
      total.merge(partial[p]);
    }
    total.store(out, outOffset);
  }

  /** A running reduction: sum, extremum, or extremum with its index. */
  private static final class Acc {
    private final ReduceOp op;
    private final boolean integral;
    private final double[] chunk = new double[Elementwise.CHUNK];
    private final long[] lchunk = new long[Elementwise.CHUNK];
    double value;
    long lvalue;
    long index;
    long position;
    boolean empty;

    Acc(ReduceOp op, boolean integral) {
      this.op = op;
      this.integral = integral;
      reset();
    }

    void reset() {
      value = 0;
      lvalue = 0;
      index = 0;
      position = 0;
      empty = true;
    }

    void add(Buffer b, long offset, long stride, int len) {
      if (op == ReduceOp.SUM && !integral && b instanceof CpuBuffer c && c.dtype == DType.FLOAT64 && stride == 1) {
        value += denseSum((double[]) c.array, (int) offset, len);
        position += len;
        empty = false;
        return;
      }
      for (int done = 0; done < len; done += chunk.length) {
        int n = Math.min(chunk.length, len - done);
        long o = offset + done * stride;
        if (integral) {
          Runs.loadLong(b, o, stride, n, lchunk);
          addLongs(n);
        } else {
          Runs.loadDouble(b, o, stride, n, chunk);
          addDoubles(n);
        }
        position += n;
      }
    }

    private static double denseSum(double[] a, int o, int n) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += a[o + i];
        s1 += a[o + i + 1];
        s2 += a[o + i + 2];
        s3 += a[o + i + 3];
      }
      for (; i < n; i++) {
        s0 += a[o + i];
      }
      return (s0 + s1) + (s2 + s3);
    }

    private void addDoubles(int n) {
      switch (op) {
        case SUM -> {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += chunk[i];
          }
          value += s;
        }
        case MAX, MIN -> {
          double m = empty ? chunk[0] : value;
          boolean max = op == ReduceOp.MAX;
          for (int i = 0; i < n && m == m; i++) {
            double v = chunk[i];
            if (v != v || (max ? v > m : v < m)) {
              m = v;
            }
          }
          value = m;
        }
        case ARGMAX, ARGMIN -> {
          boolean max = op == ReduceOp.ARGMAX;
          double m = empty ? chunk[0] : value;
          long at = empty ? position : index;
          for (int i = 0; i < n && m == m; i++) {
            double v = chunk[i];
            if (v != v || (max ? v > m : v < m)) {
              m = v;
              at = position + i;
            }
          }
          value = m;
          index = at;
        }
      }
      empty = false;
    }

    private void addLongs(int n) {
      switch (op) {
        case SUM -> {
          long s = 0;
          for (int i = 0; i < n; i++) {
            s += lchunk[i];
          }
          lvalue += s;
        }
        case MAX, MIN -> {
          long m = empty ? lchunk[0] : lvalue;
          boolean max = op == ReduceOp.MAX;
          for (int i = 0; i < n; i++) {
            long v = lchunk[i];
            if (max ? v > m : v < m) {
              m = v;
            }
          }
          lvalue = m;
        }
        case ARGMAX, ARGMIN -> {
          boolean max = op == ReduceOp.ARGMAX;
          long m = empty ? lchunk[0] : lvalue;
          long at = empty ? position : index;
          for (int i = 0; i < n; i++) {
            long v = lchunk[i];
            if (max ? v > m : v < m) {
              m = v;
              at = position + i;
            }
          }
          lvalue = m;
          index = at;
        }
      }
      empty = false;
    }

    /** Merges the partial result of a later part of the block. */
    void merge(Acc later) {
      if (later.empty) {
        return;
      }
      if (empty) {
        value = later.value;
        lvalue = later.lvalue;
        index = later.index;
        empty = false;
        return;
      }
      boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
      switch (op) {
        case SUM -> {
          value += later.value;
          lvalue += later.lvalue;
        }
        default -> {
          boolean takeLater = integral
              ? (max ? later.lvalue > lvalue : later.lvalue < lvalue)
              : value == value && (later.value != later.value || (max ? later.value > value : later.value < value));
          if (takeLater) {
            value = later.value;
            lvalue = later.lvalue;
            index = later.index;
          }
        }
      }
    }

    void store(Buffer out, long offset) {
      if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
        lchunk[0] = index;
        Runs.storeLong(out, offset, 1, 1, lchunk);
      } else if (integral) {
        lchunk[0] = lvalue;
        Runs.storeLong(out, offset, 1, 1, lchunk);
      } else {
        chunk[0] = value;
        Runs.storeDouble(out, offset, 1, 1, chunk);
      }
    }
  }
}
