package dev.fluxion.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The CPU backend's matrix-multiplication entry point: column-major BLAS {@code dgemm}/{@code sgemm}
 * ({@code C := alpha * op(A) * op(B) + beta * C}) routed to the fastest implementation available.
 *
 * <h2>Paths</h2>
 * <ul>
 *   <li><b>native BLAS</b>: {@code dev.ludovic.netlib.blas.BLAS.getInstance()} when it is the JNI
 *       implementation ({@code JNIBLAS}), i.e. when the system's {@code libblas.so.3} loaded
 *       (OpenBLAS, BLIS, MKL, ...). Products of at most {@link #NATIVE_MIN_MNK} multiply-adds
 *       still go to {@link JavaGemm}: for those the JNI call costs more than the arithmetic.
 *       So do trivial calls ({@code alpha == 0}, a zero dimension) and the few valid calls that
 *       netlib's over-strict argument checks would reject (see {@link #toNetlib}).</li>
 *   <li><b>pure-Java blocked GEMM</b> ({@link JavaGemm}) otherwise, and also when the only
 *       native library found is the unoptimised reference BLAS (Debian's {@code libblas3}),
 *       which {@code JavaGemm} outruns. netlib's own Java fallbacks are never chosen
 *       automatically. {@code GemmBenchmark} (n = 256..1024, 2-core AVX-512 Xeon, JDK 17) measured
 *       {@code JavaGemm} 5-23x faster than {@code F2jBLAS} (the reference triple loop) and 2-7x
 *       faster than {@code Java11BLAS}, which is what {@code BLAS.getInstance()} falls back to
 *       on JDK 11+; {@code VectorBLAS}, used only under
 *       {@code --add-modules jdk.incubator.vector}, came out between 0.8x and 1.2x of
 *       {@code JavaGemm} in FLOAT64 and about 2x slower in FLOAT32 from n = 512 on.</li>
 * </ul>
 * The netlib classes are touched only inside a guarded initialiser: a missing netlib jar, a
 * missing {@code arpack_combined_all} jar (which the JNI glue needs at load time), a missing or
 * broken {@code libblas.so.3}, or any {@link LinkageError} while loading them simply selects the
 * Java path; loading this class never fails because of them.
 *
 * <h2>Forcing a path</h2>
 * The system property {@code fluxion.cpu.gemm} (read once, when this class initialises) overrides
 * the choice:
 * <ul>
 *   <li>{@code -Dfluxion.cpu.gemm=java}: always {@link JavaGemm};</li>
 *   <li>{@code -Dfluxion.cpu.gemm=blas} (aliases {@code netlib}, {@code native}): netlib's
 *       {@code BLAS.getInstance()} whatever it is (native, or netlib's Java fallback when no
 *       native library loads), for every size; only trivial calls and calls netlib would reject
 *       still go to {@link JavaGemm}, and everything does if netlib itself cannot be loaded;</li>
 *   <li>{@code auto} (or unset): the automatic choice above.</li>
 * </ul>
 * {@link #implementation()} names the path in use (shown by {@code fluxion devices}).
 */
final class Gemm {

    /** System property that forces a path: {@code java}, {@code blas} or {@code auto}. */
    static final String PROPERTY = "fluxion.cpu.gemm";

    /**
     * With a native BLAS, products with {@code m*n*k} at most this go to {@link JavaGemm}
     * (measured crossover, see {@code GemmBenchmark}).
     */
    static final long NATIVE_MIN_MNK = 5L * 5 * 5;

    /** Which implementation {@link #dgemm}/{@link #sgemm} route to. */
    enum Route {
        /** netlib {@code BLAS.getInstance()} for every product. */
        NETLIB,
        /** netlib's JNI BLAS, except tiny products which go to {@link JavaGemm}. */
        NATIVE,
        /** {@link JavaGemm} for every product. */
        JAVA
    }

    private static final Route ROUTE;
    private static final String DESCRIPTION;
    /** Non-null iff ROUTE is NETLIB or NATIVE. */
    private static final Netlib NETLIB;

    static {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Netlib netlib = null;
        String netlibError = null;
        if (!forced.equals("java")) {
            try {
                netlib = new Netlib();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) { // LinkageError, or whatever netlib's initialisers throw
                netlibError = t.toString();
            }
        }
        Route route;
        String description;
        switch (forced) {
            case "java":
                route = Route.JAVA;
                description = "pure-Java blocked GEMM (forced by -D" + PROPERTY + "=java)";
                break;
            case "blas":
            case "netlib":
            case "native":
                if (netlib != null) {
                    route = Route.NETLIB;
                    description = netlib.describe() + " (forced by -D" + PROPERTY + "=" + forced + ")";
                } else {
                    route = Route.JAVA;
                    description = "pure-Java blocked GEMM (-D" + PROPERTY + "=" + forced
                            + " but netlib BLAS failed to load: " + netlibError + ")";
                }
                break;
            default:
                if (netlib == null) {
                    route = Route.JAVA;
                    description = "pure-Java blocked GEMM (netlib BLAS unavailable: " + netlibError + ")";
                } else if (!netlib.isNative) {
                    route = Route.JAVA;
                    description = "pure-Java blocked GEMM (netlib could not load a native libblas.so.3)";
                } else if (netlib.isReference()) {
                    route = Route.JAVA;
                    description = "pure-Java blocked GEMM (native libblas.so.3 is the unoptimised"
                            + " reference BLAS: " + netlib.library + ")";
                } else {
                    route = Route.NATIVE;
                    description = netlib.describe();
                }
                break;
        }
        ROUTE = route;
        DESCRIPTION = description;
        NETLIB = route == Route.JAVA ? null : netlib;
    }

    private Gemm() {}

    /** Human-readable name of the active path, e.g. "native BLAS (OpenBLAS via netlib JNI)". */
    static String implementation() {
        return DESCRIPTION;
    }

    /** The active route. */
    static Route route() {
        return ROUTE;
    }

    /** {@code C := alpha * op(A) * op(B) + beta * C} in double precision, column-major. */
    static void dgemm(String transa, String transb, int m, int n, int k,
                      double alpha, double[] a, int offa, int lda,
                      double[] b, int offb, int ldb,
                      double beta, double[] c, int offc, int ldc) {
        if (ROUTE != Route.JAVA && alpha != 0.0 && a != null && b != null && c != null
                && toNetlib(transa, transb, m, n, k, a.length, offa, lda, b.length, offb, ldb,
                        c.length, offc, ldc)) {
            NETLIB.blas.dgemm(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb,
                    beta, c, offc, ldc);
        } else {
            JavaGemm.dgemm(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb,
                    beta, c, offc, ldc);
        }
    }

    /** {@code C := alpha * op(A) * op(B) + beta * C} in single precision, column-major. */
    static void sgemm(String transa, String transb, int m, int n, int k,
                      float alpha, float[] a, int offa, int lda,
                      float[] b, int offb, int ldb,
                      float beta, float[] c, int offc, int ldc) {
        if (ROUTE != Route.JAVA && alpha != 0.0f && a != null && b != null && c != null
                && toNetlib(transa, transb, m, n, k, a.length, offa, lda, b.length, offb, ldb,
                        c.length, offc, ldc)) {
            NETLIB.blas.sgemm(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb,
                    beta, c, offc, ldc);
        } else {
            JavaGemm.sgemm(transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb,
                    beta, c, offc, ldc);
        }
    }

    /**
     * Whether a call goes to netlib: it must be large enough (on the NATIVE route) and a valid,
     * non-trivial BLAS call that also passes netlib 3.0.3's own argument checks. Everything else
     * goes to {@link JavaGemm}, which computes it or throws the appropriate exception. Those
     * netlib checks are the reason for this filter:
     * <ul>
     *   <li>they demand {@code off + cols*ld <= length} for A and B, one full leading dimension
     *       past the last column, so a valid call on a padded view that ends at the end of its
     *       array throws {@link IndexOutOfBoundsException} in netlib;</li>
     *   <li>with {@code k == 0} and A not transposed they check index {@code offa - 1}, so a
     *       valid {@code k == 0} call with {@code offa == 0} throws as well;</li>
     *   <li>for C they only check {@code offc + m*n <= length}, not
     *       {@code offc + (n-1)*ldc + m}: with {@code ldc > m} and a short array, native BLAS
     *       would write past the end of the Java array. The exact bound is checked here.</li>
     * </ul>
     */
    private static boolean toNetlib(String transa, String transb, int m, int n, int k,
                                    int alen, int offa, int lda, int blen, int offb, int ldb,
                                    int clen, int offc, int ldc) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return false;
        }
        if (ROUTE == Route.NATIVE && (long) m * n * k <= NATIVE_MIN_MNK) {
            return false;
        }
        int ta = transCode(transa);
        int tb = transCode(transb);
        if (ta < 0 || tb < 0) {
            return false;
        }
        int rowsA = ta == 0 ? m : k, colsA = ta == 0 ? k : m;
        int rowsB = tb == 0 ? k : n, colsB = tb == 0 ? n : k;
        if (lda < rowsA || ldb < rowsB || ldc < m || offa < 0 || offb < 0 || offc < 0) {
            return false;
        }
        return (long) offa + (long) colsA * lda <= alen
                && (long) offb + (long) colsB * ldb <= blen
                && (long) offc + (long) (n - 1) * ldc + m <= clen;
    }

    /** 0 for "N", 1 for "T"/"C" (case-insensitive, first character, as BLAS reads it), -1 else. */
    private static int transCode(String t) {
        if (t == null || t.isEmpty()) {
            return -1;
        }
        switch (t.charAt(0)) {
            case 'N':
            case 'n':
                return 0;
            case 'T':
            case 't':
            case 'C':
            case 'c':
                return 1;
            default:
                return -1;
        }
    }

    /**
     * Everything that links against netlib lives here, so that a missing or broken netlib only
     * fails this class's construction (caught above), never {@link Gemm}'s own loading.
     */
    private static final class Netlib {
        /**
         * netlib logs a warning for every implementation it fails to load (e.g. VectorBLAS without
         * the incubator module); which path runs is reported by {@link Gemm#implementation()}.
         * Held strongly so that the level is not lost with a collected logger.
         */
        private static final java.util.logging.Logger NETLIB_LOG = quiet("dev.ludovic.netlib.blas");

        private static java.util.logging.Logger quiet(String name) {
            java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
            log.setLevel(java.util.logging.Level.SEVERE);
            return log;
        }

        final dev.ludovic.netlib.blas.BLAS blas;
        final boolean isNative;
        /** Path of the mapped libblas shared object, or null if unknown / not native. */
        final String library;

        Netlib() {
            NETLIB_LOG.fine("loading netlib BLAS");
            blas = dev.ludovic.netlib.blas.BLAS.getInstance();
            if (blas == null) {
                throw new IllegalStateException("BLAS.getInstance() returned null");
            }
            isNative = blas.getClass().getName().contains("JNIBLAS");
            library = isNative ? findMappedBlas() : null;
        }

        boolean isReference() {
            // Debian/Ubuntu install the reference BLAS as .../blas/libblas.so.3 (package libblas3);
            // optimised alternatives live in .../openblas-*/, .../blis-*/, .../atlas/.
            return library != null && library.contains("/blas/libblas.so");
        }

        String describe() {
            if (!isNative) {
                return "netlib Java BLAS (" + blas.getClass().getSimpleName() + ")";
            }
            return "native BLAS (" + vendor() + " via netlib JNI)";
        }

        private String vendor() {
            if (library == null) {
                return "libblas.so.3";
            }
            String lib = library.toLowerCase(Locale.ROOT);
            if (lib.contains("openblas")) {
                return "OpenBLAS";
            } else if (lib.contains("blis")) {
                return "BLIS";
            } else if (lib.contains("mkl")) {
                return "Intel MKL";
            } else if (lib.contains("atlas")) {
                return "ATLAS";
            } else if (isReference()) {
                return "reference BLAS";
            }
            return library;
        }

        /** The libblas / BLAS library mapped into this process, from /proc/self/maps (Linux). */
        private static String findMappedBlas() {
            try {
                List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"),
                        StandardCharsets.ISO_8859_1);
                String fallback = null;
                for (String line : maps) {
                    int slash = line.indexOf('/');
                    if (slash < 0) {
                        continue;
                    }
                    String file = line.substring(slash).trim();
                    String name = file.substring(file.lastIndexOf('/') + 1);
                    if (name.startsWith("libblas.so")) {
                        return file;
                    }
                    if (fallback == null && (name.startsWith("libopenblas") || name.startsWith("libmkl_rt")
                            || name.startsWith("libblis"))) {
                        fallback = file;
                    }
                }
                return fallback;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
