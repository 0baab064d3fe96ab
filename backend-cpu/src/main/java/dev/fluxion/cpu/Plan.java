package dev.fluxion.cpu;

import dev.fluxion.spi.View;

/**
 * Joint strided iteration over views of one shape (operand 0 is usually the output). Axes of
 * size 1 are dropped and neighbouring axes merged when every operand is contiguous across
 * them, so dense data iterates as one long run; the body receives runs along the innermost
 * axis: each operand's offset at the start of the run, and the run's length.
 */
final class Plan {
  final long[] shape;
  final long[][] strides;
  final long[] base;
  final int rank;
  final long size;

  interface Run {
    /** {@code offsets[k]}: element offset of operand k at the run's start (do not modify). */
    void run(long[] offsets, int length);
  }

  private Plan(long[] shape, long[][] strides, long[] base) {
    this.shape = shape;
    this.strides = strides;
    this.base = base;
    this.rank = shape.length;
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    this.size = n;
  }

  static Plan of(View... views) {
    long[] shape = views[0].shape();
    int ops = views.length;
    long[] dims = new long[Math.max(1, shape.length)];
    long[][] st = new long[ops][dims.length];
    int r = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) {
        continue;
      }
      boolean merge = r > 0;
      for (int k = 0; merge && k < ops; k++) {
        merge = st[k][r - 1] == shape[d] * views[k].strides()[d];
      }
      if (merge) {
        dims[r - 1] *= shape[d];
        for (int k = 0; k < ops; k++) {
          st[k][r - 1] = views[k].strides()[d];
        }
      } else {
        dims[r] = shape[d];
        for (int k = 0; k < ops; k++) {
          st[k][r] = views[k].strides()[d];
        }
        r++;
      }
    }
    if (r == 0) { // every axis has size 1: a single element
      dims[0] = 1;
      r = 1;
    }
    long[] base = new long[ops];
    for (int k = 0; k < ops; k++) {
      base[k] = views[k].offset();
    }
    long[][] strides = new long[ops][];
    for (int k = 0; k < ops; k++) {
      strides[k] = java.util.Arrays.copyOf(st[k], r);
    }
    return new Plan(java.util.Arrays.copyOf(dims, r), strides, base);
  }

  /** Stride of operand k along the innermost (run) axis. */
  long inner(int k) {
    return strides[k][rank - 1];
  }

  /** Calls {@code body} for the runs covering flat (row-major) indices {@code [lo, hi)}. */
  void forEachRun(long lo, long hi, Run body) {
    if (lo >= hi) {
      return;
    }
    int ops = base.length;
    long[] idx = new long[rank];
    long rem = lo;
    for (int d = rank - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    long[] off = base.clone();
    for (int k = 0; k < ops; k++) {
      for (int d = 0; d < rank; d++) {
        off[k] += idx[d] * strides[k][d];
      }
    }
    long pos = lo;
    int last = rank - 1;
    while (pos < hi) {
      int len = (int) Math.min(Math.min(hi - pos, shape[last] - idx[last]), Integer.MAX_VALUE);
      body.run(off, len);
      pos += len;
      idx[last] += len;
      for (int k = 0; k < ops; k++) {
        off[k] += len * strides[k][last];
      }
      for (int d = last; d > 0 && idx[d] == shape[d]; d--) {
        idx[d] = 0;
        idx[d - 1]++;
        for (int k = 0; k < ops; k++) {
          off[k] += strides[k][d - 1] - shape[d] * strides[k][d];
        }
      }
    }
  }
}
