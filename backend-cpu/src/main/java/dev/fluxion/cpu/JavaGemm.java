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
 * A GotoBLAS-style blocking, shaped for what HotSpot C2's auto-vectoriser (SuperWord) reliably
 * vectorises on JDK 17:
 * <ul>
 *   <li>a {@code KC x MC} block of {@code alpha * op(A)} is packed into {@code KC} separate
 *       {@code double[MC]} rows (one row per k index, contiguous over the m index);</li>
 *   <li>the matching {@code KC x NC} block of {@code op(B)} is packed into a flat array of scalars;</li>
 *   <li>the {@code MC x NC} block of C is accumulated in {@code NC} separate {@code double[MC]}
 *       column buffers, and only written back (with the beta rule) once the whole k range has been
 *       consumed;</li>
 *   <li>the micro-kernel updates two C columns from four packed A rows per pass,
 *       {@code c0[i] += a0[i]*b00 + a1[i]*b10 + a2[i]*b20 + a3[i]*b30; c1[i] += ...}: a loop over
 *       contiguous arrays that C2 turns into full-width SIMD (AVX2/AVX-512/NEON) code, reusing
 *       every A load for both columns and reading/writing C once per four k steps.</li>
 * </ul>
 * Every array in the inner loops is indexed by the bare loop counter: JDK 17's SuperWord gives up
 * on loops that touch the same array at two different loop-invariant offsets (it cannot prove
 * they do not overlap), which is why rows/columns live in separate arrays rather than in one
 * flat buffer.
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
    // double: an MC x KC packed block of A is 128 KiB (L2-resident), a pair of C column buffers
    // is 4 KiB (L1-resident) while four A rows stream past it.
    private static final int D_MC = Integer.getInteger("fluxion.gemm.dmc", 256);
    private static final int D_KC = Integer.getInteger("fluxion.gemm.dkc", 128);
    private static final int D_NC = Integer.getInteger("fluxion.gemm.dnc", 256);
    private static final int S_MC = Integer.getInteger("fluxion.gemm.smc", 512);
    private static final int S_KC = Integer.getInteger("fluxion.gemm.skc", 128);
    private static final int S_NC = Integer.getInteger("fluxion.gemm.snc", 256);

    /** Below this many multiply-adds (m*n*k) a direct triple loop beats packing. */
    private static final long SMALL_MNK = Long.getLong("fluxion.gemm.small", 4096);
    /** Below this many multiply-adds the product stays on the calling thread. */
    private static final long PARALLEL_MNK = Long.getLong("fluxion.gemm.par", 64L * 64 * 64);

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
        // C accumulators: pairs of columns share one array, column 2q+r at [r*D_MC, r*D_MC + mc).
        double[][] cb = new double[(ncMax + 1) / 2][2 * D_MC];
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int ic = i0; ic < i1; ic += mcMax) {
                int mc = Math.min(mcMax, i1 - ic);
                for (int q = 0; q < (nc + 1) / 2; q++) {
                    java.util.Arrays.fill(cb[q], 0.0);
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

    /** cb[j/2][(j%2)*D_MC + i] += sum_p ap[p][i] * bp[j*kc + p] for i < mc, j < nc, p < kc. */
    private static void dkernel(int mc, int nc, int kc, double[][] ap, double[] bp, double[][] cb) {
        int j = 0;
        for (; j + 1 < nc; j += 2) {
            double[] c = cb[j >> 1];
            int x = j * kc;
            int y = x + kc;
            int p = 0;
            for (; p + 1 < kc; p += 2) {
                dk2x2(mc, ap[p], ap[p + 1], bp[x + p], bp[x + p + 1], bp[y + p], bp[y + p + 1], c);
            }
            if (p < kc) {
                dk1x2(mc, ap[p], bp[x + p], bp[y + p], c);
            }
        }
        if (j < nc) {
            double[] c = cb[j >> 1];
            int x = j * kc;
            int p = 0;
            for (; p + 3 < kc; p += 4) {
                dk4x1(mc, ap[p], ap[p + 1], ap[p + 2], ap[p + 3],
                        bp[x + p], bp[x + p + 1], bp[x + p + 2], bp[x + p + 3], c);
            }
            for (; p < kc; p++) {
                dk1x1(mc, ap[p], bp[x + p], c);
            }
        }
    }

    private static void dk2x2(int mc, double[] a0, double[] a1,
                              double b00, double b10, double b01, double b11, double[] c) {
        for (int i = 0; i < mc; i++) {
            double x0 = a0[i], x1 = a1[i];
            c[i] += x0 * b00 + x1 * b10;
            c[i + D_MC] += x0 * b01 + x1 * b11;
        }
    }

    private static void dk1x2(int mc, double[] a0, double b0, double b1, double[] c) {
        for (int i = 0; i < mc; i++) {
            double x0 = a0[i];
            c[i] += x0 * b0;
            c[i + D_MC] += x0 * b1;
        }
    }

    private static void dk4x1(int mc, double[] a0, double[] a1, double[] a2, double[] a3,
                              double b0, double b1, double b2, double b3, double[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0 + a1[i] * b1 + a2[i] * b2 + a3[i] * b3;
        }
    }

    private static void dk1x1(int mc, double[] a0, double b0, double[] c) {
        for (int i = 0; i < mc; i++) {
            c[i] += a0[i] * b0;
        }
    }

    /** C(ic.., jc..) := cb + beta * C, not reading C when beta == 0. */
    private static void dstore(DArgs g, int ic, int mc, int jc, int nc, double[][] cb) {
        double beta = g.beta;
        double[] c = g.c;
        for (int j = 0; j < nc; j++) {
            double[] col = cb[j >> 1];
            int src = (j & 1) * D_MC;
            int dst = g.offc + ic + (jc + j) * g.ldc;
            if (beta == 0.0) {
                System.arraycopy(col, src, c, dst, mc);
            } else if (beta == 1.0) {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] += col[src + i];
                }
            } else {
                for (int i = 0; i < mc; i++) {
                    c[dst + i] = col[src + i] + beta * c[dst + i];
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

    /**
     * Float micro-kernel: two k steps times two columns per pass. (A four-k-step, two-column
     * body is too large for C2 to unroll to the 16-lane width floats need, and then it is not
     * vectorised at all.)
     */
    private static void skernel(int mc, int nc, int kc, float[][] ap, float[] bp, float[][] cb) {
        int j = 0;
        for (; j + 1 < nc; j += 2) {
            float[] c0 = cb[j];
            float[] c1 = cb[j + 1];
            int x = j * kc;
            int y = x + kc;
            int p = 0;
            for (; p + 1 < kc; p += 2) {
                sk2x2(mc, ap[p], ap[p + 1], bp[x + p], bp[x + p + 1], bp[y + p], bp[y + p + 1], c0, c1);
            }
            if (p < kc) {
                sk1x2(mc, ap[p], bp[x + p], bp[y + p], c0, c1);
            }
        }
        if (j < nc) {
            float[] c0 = cb[j];
            int x = j * kc;
            int p = 0;
            for (; p + 3 < kc; p += 4) {
                sk4x1(mc, ap[p], ap[p + 1], ap[p + 2], ap[p + 3],
                        bp[x + p], bp[x + p + 1], bp[x + p + 2], bp[x + p + 3], c0);
            }
            for (; p < kc; p++) {
                sk1x1(mc, ap[p], bp[x + p], c0);
            }
        }
    }

    private static void sk2x2(int mc, float[] a0, float[] a1, float b00, float b10,
                              float b01, float b11, float[] c0, float[] c1) {
        for (int i = 0; i < mc; i++) {
            float x0 = a0[i], x1 = a1[i];
            c0[i] += x0 * b00 + x1 * b10;
            c1[i] += x0 * b01 + x1 * b11;
        }
    }

    private static void sk1x2(int mc, float[] a0, float b0, float b1, float[] c0, float[] c1) {
        for (int i = 0; i < mc; i++) {
            float x0 = a0[i];
            c0[i] += x0 * b0;
            c1[i] += x0 * b1;
        }
    }

    private static void sk4x1(int mc, float[] a0, float[] a1, float[] a2, float[] a3,
                              float b0, float b1, float b2, float b3, float[] c0) {
        for (int i = 0; i < mc; i++) {
            c0[i] += a0[i] * b0 + a1[i] * b1 + a2[i] * b2 + a3[i] * b3;
        }
    }

    private static void sk1x1(int mc, float[] a0, float b0, float[] c0) {
        for (int i = 0; i < mc; i++) {
            c0[i] += a0[i] * b0;
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
