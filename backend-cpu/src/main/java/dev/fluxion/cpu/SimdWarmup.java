package dev.fluxion.cpu;

import dev.fluxion.spi.UnaryOp;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Compiles the SIMD kernels in the background before they are used. Vector API code runs
 * hundreds of times slower than scalar Java until C2 has compiled it (about 0.8 s of calls per
 * kernel here), so a kernel is first asked for here: the caller keeps using the scalar loop
 * while a daemon thread calls the kernel on a small array until its time per element shows it
 * is compiled, and only then reports it ready. Warming costs CPU that a short run would rather
 * spend on its own work, so a kernel is warmed only once it has been asked for
 * {@value #ASKS_BEFORE_WARMUP} times (a loop, not a one-off computation);
 * {@code -Dfluxion.cpu.simd.warmup=eager} warms every kernel at start-up (for benchmarks);
 * {@code -Dfluxion.cpu.simd.warmup=none} uses every kernel from its first call, compiled or not
 * (slow at first: for tests that compare it with the default path).
 *
 * <p>Which path runs never changes a result: each kernel and its scalar twin give the same bits
 * ({@link ScalarMathDouble}, {@link ScalarMathFloat}).
 */
final class SimdWarmup {
  /** Kernel index: unary ops by ordinal for double, then float, then the four pow kernels. */
  private static final int UNARY = UnaryOp.values().length;
  static final int POW_SCALAR_DOUBLE = 2 * UNARY;
  static final int POW_DOUBLE = 2 * UNARY + 1;
  static final int POW_SCALAR_FLOAT = 2 * UNARY + 2;
  static final int POW_FLOAT = 2 * UNARY + 3;
  private static final int KERNELS = 2 * UNARY + 4;

  private static final int NOT_ASKED = 0;
  private static final int WARMING = 1;
  private static final int READY = 2;
  /** Compiled code runs in a few ns per element; interpreted or C1 code in hundreds. */
  private static final double COMPILED_NS_PER_ELEMENT = 25;
  private static final int LENGTH = 256;
  private static final int MAX_CALLS = 40_000;
  static final int ASKS_BEFORE_WARMUP = 16;

  private static final AtomicIntegerArray STATE = new AtomicIntegerArray(KERNELS);
  private static final AtomicIntegerArray ASKS = new AtomicIntegerArray(KERNELS);
  private static final boolean EAGER = "eager".equals(System.getProperty("fluxion.cpu.simd.warmup"));
  private static final boolean NONE = "none".equals(System.getProperty("fluxion.cpu.simd.warmup"));
  private static final LinkedBlockingQueue<Integer> QUEUE = new LinkedBlockingQueue<>();

  static {
    Thread t = new Thread(SimdWarmup::work, "fluxion-simd-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    if (EAGER) {
      for (int k = 0; k < KERNELS; k++) {
        if (k >= POW_SCALAR_DOUBLE || SimdLoops.covers(UnaryOp.values()[k % UNARY])) {
          ready(k);
        }
      }
    }
  }

  private SimdWarmup() {}

  static int unary(UnaryOp op, boolean isFloat) {
    return (isFloat ? UNARY : 0) + op.ordinal();
  }

  /** Whether kernel {@code k} is compiled; the first call queues its warm-up. */
  static boolean ready(int k) {
    if (NONE) {
      return true;
    }
    int s = STATE.get(k);
    if (s == READY) {
      return true;
    }
    if (s == NOT_ASKED && (EAGER || ASKS.incrementAndGet(k) >= ASKS_BEFORE_WARMUP)
        && STATE.compareAndSet(k, NOT_ASKED, WARMING)) {
      QUEUE.add(k);
    }
    return false;
  }

  /** Whether every kernel asked for so far is compiled (for benchmarks that want steady state). */
  static boolean settled() {
    for (int k = 0; k < KERNELS; k++) {
      if (STATE.get(k) == WARMING) {
        return false;
      }
    }
    return true;
  }

  /** For example {@code "(kernels: 9 compiled, 2 compiling)"}; a compiling kernel's scalar loop runs meanwhile. */
  static String describe() {
    int compiled = 0;
    int compiling = 0;
    for (int k = 0; k < KERNELS; k++) {
      int s = STATE.get(k);
      compiled += s == READY ? 1 : 0;
      compiling += s == WARMING ? 1 : 0;
    }
    return "(kernels: " + compiled + " compiled, " + compiling + " compiling)";
  }

  private static void work() {
    double[] xd = new double[LENGTH];
    double[] yd = new double[LENGTH];
    float[] xf = new float[LENGTH];
    float[] yf = new float[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      xd[i] = 0.5 + 0.01 * i;
      xf[i] = (float) xd[i];
    }
    while (true) {
      int k;
      try {
        k = QUEUE.take();
      } catch (InterruptedException e) {
        return;
      }
      int fast = 0;
      for (int calls = 0; calls < MAX_CALLS && fast < 2; calls += 64) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 64; i++) {
          call(k, xd, yd, xf, yf);
        }
        double nsPerElement = (System.nanoTime() - t0) / (64.0 * LENGTH);
        fast = nsPerElement < COMPILED_NS_PER_ELEMENT ? fast + 1 : 0;
      }
      STATE.set(k, READY);
    }
  }

  private static void call(int k, double[] xd, double[] yd, float[] xf, float[] yf) {
    if (k == POW_SCALAR_DOUBLE) {
      SimdLoops.pow(xd, 0, 0.3, yd, 0, LENGTH);
    } else if (k == POW_DOUBLE) {
      SimdLoops.pow(xd, 0, xd, 0, yd, 0, LENGTH);
    } else if (k == POW_SCALAR_FLOAT) {
      SimdLoops.pow(xf, 0, 0.3, yf, 0, LENGTH);
    } else if (k == POW_FLOAT) {
      SimdLoops.pow(xf, 0, xf, 0, yf, 0, LENGTH);
    } else if (k < UNARY) {
      SimdLoops.unary(UnaryOp.values()[k], xd, 0, yd, 0, LENGTH);
    } else {
      SimdLoops.unary(UnaryOp.values()[k - UNARY], xf, 0, yf, 0, LENGTH);
    }
  }
}
