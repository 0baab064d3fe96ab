package dev.fluxion.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * Pure-Java general matrix multiplication with exact BLAS {@code xGEMM} semantics:
 * {@code C := alpha * op(A) * op(B) + beta * C}, all matrices column-major, where
 * {@code op(X)} is {@code X} for {@code "N"} and {@code X^T} for {@code "T"} (or {@code "C"}, which
 * is the same thing for real matrices). As in BLAS, {@code beta == 0} means that C is write-only
 * (whatever it holds, NaN included, is never read), {@code m == 0 || n == 0} is a no-op and
 * {@code alpha == 0 || k == 0} only scales C by beta.
 *
 * <h2>Algorithm</h2>
 * A GotoBLAS-style blocking, shaped around what HotSpot C2's auto-vectoriser (SuperWord) turns
 * into SIMD code on JDK 17:
 * <ul>
 *   <li>a {@code MC x KC} block of {@code alpha * op(A)} is packed into {@code KC} separate
 *       {@code double[MC]} rows (one array per k index, contiguous over the m index);</li>
 *   <li>the matching {@code KC x NC} block of {@code op(B)} is packed into a flat array of
 *       scalars;</li>
 *   <li>the {@code MC x NC} block of C is accumulated in {@code NC} separate {@code double[MC]}
 *       column buffers and written back (with the beta rule) once the whole k range is consumed,
 *       so C itself is read at most once and not at all when {@code beta == 0};</li>
 *   <li>the micro-kernel is {@code c[i] += a0[i]*b0 + a1[i]*b1 + a2[i]*b2 + a3[i]*b3} over
 *       {@code i < MC}: four k steps per pass, so each C element is loaded and stored once per
 *       eight flops, and C2 vectorises it to the full SIMD width (AVX2, AVX-512, NEON).</li>
 * </ul>
 * Why this shape: every array in the inner loop is indexed by the bare loop counter and only one
 * array is stored to. Measured on JDK 17, C2 refuses to vectorise loops that read one array at
 * two different loop-invariant offsets, and loops that store to two possibly-aliasing arrays
 * (e.g. two C columns at once) vectorise only in some inlining contexts; loop bodies with more
 * than about 20 nodes are not unrolled far enough to vectorise (eight k steps, or 4x2 register
 * blocks, fall back to scalar code). Scalar register blocking (4x4 locals) reached about half
 * the speed of this kernel.
 *
 * <p>Large products are split into column (or row) slabs of C that run in parallel on a
 * {@link ForkJoinPool} with one worker per available processor; small products run on the
 * calling thread, and tiny ones use a plain triple loop that avoids packing altogether.
 *
 * <p>Summation order differs from the reference BLAS, so results agree with it to rounding,
 * not bit for bit. The results do not depend on the number of threads.
 */
final class JavaGemm {

    private JavaGemm() {}

    // ---- blocking parameters (elements) -------------------------------------------------------
    // The packed A block (MC x KC) is 32 KiB for both types so that it stays in L1 while it is
    // swept once per column of C; long MC keeps the vectorised loop's scalar pre/post iterations
    // (array alignment, remainder) a small fraction. NC bounds the C accumulator block (MC x NC),
    // 512 KiB, which stays in L2. Measured on a 2-core AVX-512 Xeon (JDK 17), see GemmBenchmark.
    private static final int D_MC = 512;
    private static final int D_KC = 8;
    private static final int D_NC = 128;
    private static final int S_MC = 1024;
    private static final int S_KC = 8;
    private static final int S_NC = 128;

    /** Up to this many multiply-adds (m*n*k) a direct triple loop beats packing (about 12^3). */
    static final long SMALL_MNK = 2048;
    /** Below this many multiply-adds the product stays on the calling thread (128^3). */
    static final long PARALLEL_MNK = 128L * 128 * 128;

    // ---- thread pool ---------------------------------------------------------------------------

    private static final class PoolHolder {
        static final ForkJoinPool POOL = new ForkJoinPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    ForkJoinWorkerThread t =
                            ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("fluxion-gemm-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                },
                null, false);
    }

    /** Number of threads large products are split over. */
    static int parallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    // =============================================================================================
    // double
    // =============================================================================================

    static void dgemm(String transa, String transb, int m, int n, int k,
                      double alpha, double[] a, int offa, int lda,
                      double[] b, int offb, int ldb,
                      double beta, double[] c, int offc, int ldc) {
        boolean ta = trans("transa", transa);
        boolean tb = trans("transb", transb);
        checkArgs(ta, tb, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if ((alpha == 0.0 || k == 0) && beta == 1.0) {
            return;
        }
        checkNotNull(c, "c");
        checkBounds("c", c.length, offc, m, n, ldc);
        if (alpha == 0.0 || k == 0) {
            dscale(m, n, beta, c, offc, ldc);
            return;
        }
        checkNotNull(a, "a");
        checkNotNull(b, "b");
        checkBounds("a", a.length, offa, ta ? k : m, ta ? m : k, lda);
        checkBounds("b", b.length, offb, tb ? n : k, tb ? k : n, ldb);

        long mnk = (long) m * n * k;
        if (mnk <= SMALL_MNK) {
            dsmall(ta, tb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
            return;
        }
        int threads = mnk < PARALLEL_MNK ? 1 : parallelism();
        DArgs g = new DArgs(ta, tb, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
        if (threads == 1) {
            dblocked(g, 0, m, 0, n);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>();
        split(m, n, threads, (i0, i1, j0, j1) -> tasks.add(new RecursiveAction() {
            @Override
            protected void compute() {
                dblocked(g, i0, i1, j0, j1);
            }
        }));
        runAll(tasks);
    }

    /** Immutable bundle of a dgemm call's operands, shared by the parallel slabs. */
    private record DArgs(boolean ta, boolean tb, int k, double alpha,
                         double[] a, int offa, int lda, double[] b, int offb, int ldb,
                         double beta, double[] c, int offc, int ldc) {}

    /** C := beta * C, with beta == 0 writing zeros without reading C. */
    private static void dscale(int m, int n, double beta, double[] c, int offc, int ldc) {
        for (int j = 0; j < n; j++) {
            int col = offc + j * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, col, col + m, 0.0);
            } else {
                for (int i = 0; i < m; i++) {
                    c[col + i] *= beta;
                }
            }
        }
    }

    /** Direct dot-product loops for tiny products (no packing, no allocation). */
    private static void dsmall(boolean ta, boolean tb, int m, int n, int k,
                               double alpha, double[] a, int offa, int lda,
                               double[] b, int offb, int ldb,
                               double beta, double[] c, int offc, int ldc) {
        // op(A)(i,p) = a[offa + i*ai + p*ap];  op(B)(p,j) = b[offb + p*bp + j*bj]
        int ai = ta ? lda : 1, ap = ta ? 1 : lda;
        int bp = tb ? ldb : 1, bj = tb ? 1 : ldb;
        for (int j = 0; j < n; j++) {
            int bcol = offb + j * bj;
            int ccol = offc + j * ldc;
            for (int i = 0; i < m; i++) {
                int ax = offa + i * ai;
                int bx = bcol;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ax] * b[bx];
                    ax += ap;
                    bx += bp;
                }
                c[ccol + i] = beta == 0.0 ? alpha * s : alpha * s + beta * c[ccol + i];
            }
        }
    }

    /** Single-threaded blocked product for the C slab rows [i0,i1) x columns [j0,j1). */
    private static void dblocked(DArgs g, int i0, int i1, int j0, int j1) {
        int k = g.k;
        int mcMax = Math.min(D_MC, i1 - i0);
        int kcMax = Math.min(D_KC, k);
        int ncMax = Math.min(D_NC, j1 - j0);
        double[][] ap = new double[kcMax][mcMax];
        double[] bp = new double[kcMax * ncMax];
        double[][] cb = new double[ncMax][mcMax];
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int ic = i0; ic < i1; ic += mcMax) {
                int mc = Math.min(mcMax, i1 - ic);
                for (int j = 0; j < nc; j++) {
                    java.util.Arrays.fill(cb[j], 0, mc, 0.0);
                }
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    dpackA(g, ic, mc, pc, kc, ap);
                    dpackB(g, pc, kc, jc, nc, bp);
                    dkernel(mc, nc, kc, ap, bp, cb);
                }
                dstore(g, ic, mc, jc, nc, cb);
            }
        }
    }

    /** ap[p][i] = alpha * op(A)(ic + i, pc + p). */
    private static void dpackA(DArgs g, int ic, int mc, int pc, int kc, double[][] ap) {
        double alpha = g.alpha;
        double[] a = g.a;
        int lda = g.lda;
        if (!g.ta) {
            // op(A)(i,p) = a[offa + i + p*lda]: each packed row is a contiguous column piece.
            for (int p = 0; p < kc; p++) {
                double[] row = ap[p];
                int src = g.offa + ic + (pc + p) * lda;
                for (int i = 0; i < mc; i++) {
                    row[i] = alpha * a[src + i];
                }
            }
        } else {
            // op(A)(i,p) = a[offa + p + i*lda]: read columns of A contiguously, scatter over rows.
            for (int i = 0; i < mc; i++) {
                int src = g.offa + pc + (ic + i) * lda;
                for (int p = 0; p < kc; p++) {
                    ap[p][i] = alpha * a[src + p];
                }
            }
        }
    }

    /** bp[j*kc + p] = op(B)(pc + p, jc + j). */
    private static void dpackB(DArgs g, int pc, int kc, int jc, int nc, double[] bp) {
        double[] b = g.b;
        int ldb = g.ldb;
        if (!g.tb) {
            for (int j = 0; j < nc; j++) {
                System.arraycopy(b, g.offb + pc + (jc + j) * ldb, bp, j * kc, kc);
            }
        } else {
            // op(B)(p,j) = b[offb + j + p*ldb]
            for (int p = 0; p < kc; p++) {
                int src = g.offb + jc + (pc + p) * ldb;
                for (int j = 0; j < nc; j++) {
                    bp[j * kc + p] = b[src + j];
                }
            }
        }
    }

    /** cb[j][i] += sum_p ap[p][i] * bp[j*kc + p] for i < mc, j < nc, p < kc. */
    private static void dkernel(int mc, int nc, int kc, double[][] ap, double[] bp, double[][] cb) {
        for (int j = 0; j < nc; j++) {
            double[] c = cb[j];
            int x = j * kc;
            int p = 0;
            for (; p + 3 < kc; p += 4) {
                dk4(mc, ap[p], ap[p + 1], ap[p + 2], ap[p + 3],
                        bp[x + p], bp[x + p + 1], bp[x + p + 2], bp[x + p + 3], c);
            }
            for (; p < kc; p++) {
                dk1(mc, ap[p], bp[x + p], c);
            }
        }
    }

    /** c[i] += a0[i]*b0 + a1[i]*b1 + a2[i]*b2 + a3[i]*b3: the vectorised inner loop. */
    private static void dk4(int mc, double[] a0, double[] a1, double[] a2, double[] a3,
                            double b0, double b1, double b2, double b3, double[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0 + a1[i] * b1 + a2[i] * b2 + a3[i] * b3;
        }
    }

    private static void dk1(int mc, double[] a0, double b0, double[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0;
        }
    }

    /** C(ic.., jc..) := cb + beta * C, not reading C when beta == 0. */
    private static void dstore(DArgs g, int ic, int mc, int jc, int nc, double[][] cb) {
        double beta = g.beta;
        double[] c = g.c;
        for (int j = 0; j < nc; j++) {
            double[] col = cb[j];
            int dst = g.offc + ic + (jc + j) * g.ldc;
            if (beta == 0.0) {
                System.arraycopy(col, 0, c, dst, mc);
            } else if (beta == 1.0) {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] += col[i];
                }
            } else {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] = col[i] + beta * c[dst + i];
                }
            }
        }
    }

    // =============================================================================================
    // float
    // =============================================================================================

    static void sgemm(String transa, String transb, int m, int n, int k,
                      float alpha, float[] a, int offa, int lda,
                      float[] b, int offb, int ldb,
                      float beta, float[] c, int offc, int ldc) {
        boolean ta = trans("transa", transa);
        boolean tb = trans("transb", transb);
        checkArgs(ta, tb, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if ((alpha == 0.0f || k == 0) && beta == 1.0f) {
            return;
        }
        checkNotNull(c, "c");
        checkBounds("c", c.length, offc, m, n, ldc);
        if (alpha == 0.0f || k == 0) {
            sscale(m, n, beta, c, offc, ldc);
            return;
        }
        checkNotNull(a, "a");
        checkNotNull(b, "b");
        checkBounds("a", a.length, offa, ta ? k : m, ta ? m : k, lda);
        checkBounds("b", b.length, offb, tb ? n : k, tb ? k : n, ldb);

        long mnk = (long) m * n * k;
        if (mnk <= SMALL_MNK) {
            ssmall(ta, tb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
            return;
        }
        int threads = mnk < PARALLEL_MNK ? 1 : parallelism();
        SArgs g = new SArgs(ta, tb, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
        if (threads == 1) {
            sblocked(g, 0, m, 0, n);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>();
        split(m, n, threads, (i0, i1, j0, j1) -> tasks.add(new RecursiveAction() {
            @Override
            protected void compute() {
                sblocked(g, i0, i1, j0, j1);
            }
        }));
        runAll(tasks);
    }

    private record SArgs(boolean ta, boolean tb, int k, float alpha,
                         float[] a, int offa, int lda, float[] b, int offb, int ldb,
                         float beta, float[] c, int offc, int ldc) {}

    private static void sscale(int m, int n, float beta, float[] c, int offc, int ldc) {
        for (int j = 0; j < n; j++) {
            int col = offc + j * ldc;
            if (beta == 0.0f) {
                java.util.Arrays.fill(c, col, col + m, 0.0f);
            } else {
                for (int i = 0; i < m; i++) {
                    c[col + i] *= beta;
                }
            }
        }
    }

    private static void ssmall(boolean ta, boolean tb, int m, int n, int k,
                               float alpha, float[] a, int offa, int lda,
                               float[] b, int offb, int ldb,
                               float beta, float[] c, int offc, int ldc) {
        int ai = ta ? lda : 1, ap = ta ? 1 : lda;
        int bp = tb ? ldb : 1, bj = tb ? 1 : ldb;
        for (int j = 0; j < n; j++) {
            int bcol = offb + j * bj;
            int ccol = offc + j * ldc;
            for (int i = 0; i < m; i++) {
                int ax = offa + i * ai;
                int bx = bcol;
                float s = 0.0f;
                for (int p = 0; p < k; p++) {
                    s += a[ax] * b[bx];
                    ax += ap;
                    bx += bp;
                }
                c[ccol + i] = beta == 0.0f ? alpha * s : alpha * s + beta * c[ccol + i];
            }
        }
    }

    private static void sblocked(SArgs g, int i0, int i1, int j0, int j1) {
        int k = g.k;
        int mcMax = Math.min(S_MC, i1 - i0);
        int kcMax = Math.min(S_KC, k);
        int ncMax = Math.min(S_NC, j1 - j0);
        float[][] ap = new float[kcMax][mcMax];
        float[] bp = new float[kcMax * ncMax];
        float[][] cb = new float[ncMax][mcMax];
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int ic = i0; ic < i1; ic += mcMax) {
                int mc = Math.min(mcMax, i1 - ic);
                for (int j = 0; j < nc; j++) {
                    java.util.Arrays.fill(cb[j], 0, mc, 0.0f);
                }
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    spackA(g, ic, mc, pc, kc, ap);
                    spackB(g, pc, kc, jc, nc, bp);
                    skernel(mc, nc, kc, ap, bp, cb);
                }
                sstore(g, ic, mc, jc, nc, cb);
            }
        }
    }

    private static void spackA(SArgs g, int ic, int mc, int pc, int kc, float[][] ap) {
        float alpha = g.alpha;
        float[] a = g.a;
        int lda = g.lda;
        if (!g.ta) {
            for (int p = 0; p < kc; p++) {
                float[] row = ap[p];
                int src = g.offa + ic + (pc + p) * lda;
                for (int i = 0; i < mc; i++) {
                    row[i] = alpha * a[src + i];
                }
            }
        } else {
            for (int i = 0; i < mc; i++) {
                int src = g.offa + pc + (ic + i) * lda;
                for (int p = 0; p < kc; p++) {
                    ap[p][i] = alpha * a[src + p];
                }
            }
        }
    }

    private static void spackB(SArgs g, int pc, int kc, int jc, int nc, float[] bp) {
        float[] b = g.b;
        int ldb = g.ldb;
        if (!g.tb) {
            for (int j = 0; j < nc; j++) {
                System.arraycopy(b, g.offb + pc + (jc + j) * ldb, bp, j * kc, kc);
            }
        } else {
            for (int p = 0; p < kc; p++) {
                int src = g.offb + jc + (pc + p) * ldb;
                for (int j = 0; j < nc; j++) {
                    bp[j * kc + p] = b[src + j];
                }
            }
        }
    }

    private static void skernel(int mc, int nc, int kc, float[][] ap, float[] bp, float[][] cb) {
        for (int j = 0; j < nc; j++) {
            float[] c = cb[j];
            int x = j * kc;
            int p = 0;
            for (; p + 3 < kc; p += 4) {
                sk4(mc, ap[p], ap[p + 1], ap[p + 2], ap[p + 3],
                        bp[x + p], bp[x + p + 1], bp[x + p + 2], bp[x + p + 3], c);
            }
            for (; p < kc; p++) {
                sk1(mc, ap[p], bp[x + p], c);
            }
        }
    }

    private static void sk4(int mc, float[] a0, float[] a1, float[] a2, float[] a3,
                            float b0, float b1, float b2, float b3, float[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0 + a1[i] * b1 + a2[i] * b2 + a3[i] * b3;
        }
    }

    private static void sk1(int mc, float[] a0, float b0, float[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0;
        }
    }

    private static void sstore(SArgs g, int ic, int mc, int jc, int nc, float[][] cb) {
        float beta = g.beta;
        float[] c = g.c;
        for (int j = 0; j < nc; j++) {
            float[] col = cb[j];
            int dst = g.offc + ic + (jc + j) * g.ldc;
            if (beta == 0.0f) {
                System.arraycopy(col, 0, c, dst, mc);
            } else if (beta == 1.0f) {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] += col[i];
                }
            } else {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] = col[i] + beta * c[dst + i];
                }
            }
        }
    }

    // =============================================================================================
    // shared helpers
    // =============================================================================================

    @FunctionalInterface
    private interface SlabSink {
        void accept(int i0, int i1, int j0, int j1);
    }

    /**
     * Splits the m x n result into slabs for {@code threads} workers: column slabs when C is wide
     * enough, row slabs otherwise (e.g. matrix-vector-like shapes). Twice as many slabs as workers
     * lets work-stealing even out a core that is busy with something else.
     */
    private static void split(int m, int n, int threads, SlabSink sink) {
        int slabs = 2 * threads;
        if (n >= 8 * slabs || n >= m) {
            slabs = Math.min(slabs, n);
            for (int s = 0; s < slabs; s++) {
                int j0 = (int) ((long) n * s / slabs);
                int j1 = (int) ((long) n * (s + 1) / slabs);
                if (j1 > j0) {
                    sink.accept(0, m, j0, j1);
                }
            }
        } else {
            slabs = Math.min(slabs, m);
            for (int s = 0; s < slabs; s++) {
                int i0 = (int) ((long) m * s / slabs);
                int i1 = (int) ((long) m * (s + 1) / slabs);
                if (i1 > i0) {
                    sink.accept(i0, i1, 0, n);
                }
            }
        }
    }

    private static void runAll(List<RecursiveAction> tasks) {
        ForkJoinPool pool = PoolHolder.POOL;
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            pool.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(tasks);
                }
            });
        }
    }

    /** Parses a BLAS trans argument: N/n = no transpose; T/t/C/c = transpose. */
    private static boolean trans(String name, String t) {
        if (t != null && t.length() >= 1) {
            switch (t.charAt(0)) {
                case 'N', 'n':
                    return false;
                case 'T', 't', 'C', 'c':
                    return true;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(name + " must be \"N\" or \"T\", got " + t);
    }

    private static void checkArgs(boolean ta, boolean tb, int m, int n, int k,
                                  int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
        int nrowa = ta ? k : m;
        int nrowb = tb ? n : k;
        if (lda < Math.max(1, nrowa)) {
            throw new IllegalArgumentException("lda=" + lda + " < max(1, " + nrowa + ")");
        }
        if (ldb < Math.max(1, nrowb)) {
            throw new IllegalArgumentException("ldb=" + ldb + " < max(1, " + nrowb + ")");
        }
        if (ldc < Math.max(1, m)) {
            throw new IllegalArgumentException("ldc=" + ldc + " < max(1, " + m + ")");
        }
    }

    private static void checkNotNull(Object array, String name) {
        if (array == null) {
            throw new NullPointerException(name);
        }
    }

    /** Checks that a rows x cols column-major matrix at off with leading dimension ld fits. */
    private static void checkBounds(String name, int length, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) off + (long) (cols - 1) * ld + rows - 1;
        if (off < 0 || last >= length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "x" + cols + " matrix at offset "
                    + off + " with ld=" + ld + " needs index " + last + " but length is " + length);
        }
    }
}
