package dev.fluxion.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/** Splits index ranges over the cores (one fork-join pool with one thread per core). */
final class Parallel {
  static final int THREADS = Math.max(1, Integer.getInteger("fluxion.cpu.threads", Runtime.getRuntime().availableProcessors()));
  private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);

  private Parallel() {}

  /** A body over the half-open range {@code [lo, hi)}. */
  interface Range {
    void run(long lo, long hi);
  }

  /**
   * Runs {@code body} over {@code [0, n)}, in up to {@link #THREADS} contiguous parts when n is at
   * least {@code grain}, else on the calling thread.
   */
  static void forRange(long n, long grain, Range body) {
    int parts = (int) Math.min(THREADS, n / Math.max(1, grain));
    if (parts <= 1 || ForkJoinTask.inForkJoinPool()) {
      body.run(0, n);
      return;
    }
    POOL.invoke(new Split(body, 0, n, parts));
  }

  private static final class Split extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient Range body;
    private final long lo;
    private final long hi;
    private final int parts;

    Split(Range body, long lo, long hi, int parts) {
      this.body = body;
      this.lo = lo;
      this.hi = hi;
      this.parts = parts;
    }

    @Override
    protected void compute() {
      if (parts == 1) {
        body.run(lo, hi);
        return;
      }
      int left = parts / 2;
      long mid = lo + (hi - lo) * left / parts;
      invokeAll(new Split(body, lo, mid, left), new Split(body, mid, hi, parts - left));
    }
  }
}
