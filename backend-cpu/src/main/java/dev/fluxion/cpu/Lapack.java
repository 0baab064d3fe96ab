package dev.fluxion.cpu;

import java.util.Locale;

/**
 * The CPU backend's LAPACK: netlib's JNI binding of the system's {@code liblapack.so.3} (on
 * Debian, OpenBLAS's: package {@code libopenblas0-pthread}) when it loads, else
 * {@link JavaLapack}. Matrices of order below {@link #NATIVE_MIN_N} always go to
 * {@link JavaLapack}: for them the JNI call costs more than the arithmetic
 * ({@code benchmarks/linalg} measures both paths).
 *
 * <p>{@code -Dfluxion.cpu.lapack=java} forces the pure-Java path, {@code native} the native one for
 * every size (when it loads); {@code auto} (the default) chooses as above. As with {@link Gemm},
 * loading this class never fails because netlib or the native library is missing.
 */
final class Lapack {
  /** System property that forces a path: {@code java}, {@code native} or {@code auto}. */
  static final String PROPERTY = "fluxion.cpu.lapack";

  /**
   * With native LAPACK, matrices of a smaller order go to {@link JavaLapack}: benchmarks/linalg
   * measured the Java path faster or even up to n = 64 and the native LU 2.6–3.2× faster at
   * n = 128 (2-core EPYC, OpenBLAS 0.3.21, a loaded machine: preliminary).
   */
  static final int NATIVE_MIN_N = 128;

  private static final LapackKernels NATIVE;
  private static final int MIN_N;
  private static final String DESCRIPTION;

  static {
    String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    LapackKernels nativeKernels = null;
    String failure = null;
    if (!forced.equals("java")) {
      try {
        nativeKernels = NetlibLapack.load();
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable t) { // LinkageError, or whatever netlib's initialisers throw
        failure = t.toString();
      }
    }
    NATIVE = nativeKernels;
    if (forced.equals("java")) {
      MIN_N = Integer.MAX_VALUE;
      DESCRIPTION = "pure-Java LU/Cholesky (forced by -D" + PROPERTY + "=java)";
    } else if (nativeKernels == null) {
      MIN_N = Integer.MAX_VALUE;
      DESCRIPTION = "pure-Java LU/Cholesky (no native LAPACK: " + failure + ")";
    } else if (forced.equals("native")) {
      MIN_N = 0;
      DESCRIPTION = "native LAPACK via netlib JNI for every size (forced by -D" + PROPERTY + "=native)";
    } else {
      MIN_N = NATIVE_MIN_N;
      DESCRIPTION = "native LAPACK via netlib JNI from n = " + NATIVE_MIN_N + ", pure Java below";
    }
  }

  private Lapack() {}

  /** The routines for matrices of order n. */
  static LapackKernels forOrder(int n) {
    return n >= MIN_N ? NATIVE : JavaLapack.INSTANCE;
  }

  /** Whether a native LAPACK is in use (for some sizes at least). */
  static boolean isNative() {
    return MIN_N != Integer.MAX_VALUE;
  }

  static String implementation() {
    return DESCRIPTION;
  }

  /** Everything that links against netlib lives here (see {@link Gemm}'s Netlib for why). */
  private static final class NetlibLapack implements LapackKernels {
    private static final java.util.logging.Logger NETLIB_LOG = quiet("dev.ludovic.netlib.lapack");

    private final dev.ludovic.netlib.lapack.LAPACK lapack;

    private NetlibLapack(dev.ludovic.netlib.lapack.LAPACK lapack) {
      this.lapack = lapack;
    }

    private static java.util.logging.Logger quiet(String name) {
      java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
      log.setLevel(java.util.logging.Level.SEVERE);
      return log;
    }

    /** The JNI LAPACK, or an exception saying why there is none. */
    static LapackKernels load() {
      NETLIB_LOG.fine("loading netlib LAPACK");
      dev.ludovic.netlib.lapack.LAPACK l = dev.ludovic.netlib.lapack.NativeLAPACK.getInstance();
      if (l == null || !l.getClass().getName().contains("JNILAPACK")) {
        throw new IllegalStateException("netlib found no native liblapack.so.3");
      }
      return new NetlibLapack(l);
    }

    @Override
    public int gesv(int n, int k, double[] a, int[] ipiv, double[] b) {
      org.netlib.util.intW info = new org.netlib.util.intW(0);
      lapack.dgesv(n, k, a, Math.max(1, n), ipiv, b, Math.max(1, n), info);
      return info.val;
    }

    @Override
    public int getrf(int n, double[] a, int[] ipiv) {
      org.netlib.util.intW info = new org.netlib.util.intW(0);
      lapack.dgetrf(n, n, a, Math.max(1, n), ipiv, info);
      return info.val;
    }

    @Override
    public int potrf(int n, double[] a) {
      org.netlib.util.intW info = new org.netlib.util.intW(0);
      lapack.dpotrf("L", n, a, Math.max(1, n), info);
      return info.val;
    }

    @Override
    public int trtrs(boolean lower, int n, int k, double[] a, double[] b) {
      org.netlib.util.intW info = new org.netlib.util.intW(0);
      lapack.dtrtrs(lower ? "L" : "U", "N", "N", n, k, a, Math.max(1, n), b, Math.max(1, n), info);
      return info.val;
    }
  }
}
