package dev.fluxion.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that call the native LAPACK, each with a {@link #STACK_BYTES} stack (one per core,
 * for calls from several Java threads at once).
 * OpenBLAS's multithreaded LAPACK (getrf and so gesv, from order about 100) puts more than a
 * megabyte on the caller's stack, and a JVM thread has 1 MiB by default: called from an ordinary
 * Java thread it crashes the JVM with SIGSEGV (measured: netlib's JNI dgesv at n = 100 with the
 * default stack; fine with 16 MiB up to n = 2048).
 */
final class LapackThreads {
  static final long STACK_BYTES = 64L << 20;

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(Parallel.THREADS, body -> {
    Thread t = new Thread(null, body, "fluxion-lapack-" + COUNT.incrementAndGet(), STACK_BYTES);
    t.setDaemon(true);
    return t;
  });

  private LapackThreads() {}

  /**
   * Runs {@code body} over {@code [0, n)} on a LAPACK thread and waits. One thread per call:
   * OpenBLAS threads its own calls and serialises calls from several threads, so splitting a
   * batch over threads only adds contention (measured by benchmarks/linalg).
   */
  static void forRange(long n, Parallel.Range body) {
    try {
      POOL.submit(() -> body.run(0, n)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for LAPACK", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
