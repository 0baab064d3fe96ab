package dev.fluxion.cpu;

import dev.fluxion.spi.CounterRandom;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.View;

/** Creation kernels: constant, ramps, and counter-based random numbers (see {@link FillOp}). */
final class Fills {
  private Fills() {}

  interface Element {
    double at(long i);
  }

  static void fill(FillOp op, View out, double... p) {
    long n = out.size();
    switch (op) {
      case FULL -> full(out, p[0]);
      case IOTA -> generate(out, i -> p[0] + i * p[1]);
      case LINSPACE -> {
        double step = n > 1 ? (p[1] - p[0]) / (n - 1) : 0;
        generate(out, i -> i == n - 1 && n > 1 ? p[1] : p[0] + i * step);
      }
      case UNIFORM -> {
        long seed = FillOp.seed(p[0]);
        generate(out, i -> p[1] + (p[2] - p[1]) * CounterRandom.uniform(seed, i));
      }
      case NORMAL -> {
        long seed = FillOp.seed(p[0]);
        generate(out, i -> p[1] + p[2] * CounterRandom.normal(seed, i));
      }
    }
  }

  static void full(View out, double value) {
    if (out.isContiguous() && out.buffer() instanceof CpuBuffer c && c.array instanceof double[] d) {
      int from = (int) out.offset();
      java.util.Arrays.fill(d, from, from + (int) out.size(), value);
      return;
    }
    generate(out, i -> value);
  }

  /** Writes element i (row-major index) of {@code out} as {@code f(i)}, converted to its dtype. */
  private static void generate(View out, Element f) {
    Plan p = Plan.of(out);
    Parallel.forRange(p.size, Elementwise.GRAIN, (lo, hi) -> {
      double[] chunk = new double[Elementwise.CHUNK];
      long[] pos = {lo};
      p.forEachRun(lo, hi, (off, len) -> {
        for (int done = 0; done < len; done += chunk.length) {
          int m = Math.min(chunk.length, len - done);
          for (int i = 0; i < m; i++) {
            chunk[i] = f.at(pos[0] + done + i);
          }
          Runs.storeDouble(out.buffer(), off[0] + done * p.inner(0), p.inner(0), m, chunk);
        }
        pos[0] += len;
      });
    });
  }
}
