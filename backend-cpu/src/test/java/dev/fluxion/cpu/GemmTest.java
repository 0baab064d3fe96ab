package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JavaGemm} and {@link Gemm} against a naive triple-loop reference computed in double
 * precision: every trans combination, odd sizes that straddle the small / blocked / parallel
 * thresholds and the MC/KC/NC block edges, alpha/beta variants (beta == 0 over NaN-filled C),
 * non-zero offsets and leading dimensions larger than the row count, float and double. Every
 * test also checks that nothing outside the m x n window of C is written.
 */
class GemmTest {

    private static final int[] SIZES = {1, 3, 7, 17, 33, 65, 100, 257};
    private static final String[][] TRANS = {{"N", "N"}, {"N", "T"}, {"T", "N"}, {"T", "T"}};
    /** (alpha, beta) pairs; beta == 0 runs over a NaN-filled C. */
    private static final double[][] ALPHA_BETA = {{1.0, 0.0}, {-0.75, 0.5}, {2.5, 1.0}, {0.5, -2.0}};
    private static final double PAD = -12345.0;

    /** The shapes: every size as a cube, mixed shapes, block-edge shapes, seeded random mixes. */
    static Stream<Arguments> shapes() {
        List<int[]> mnk = new ArrayList<>();
        for (int s : SIZES) {
            mnk.add(new int[] {s, s, s});
        }
        mnk.add(new int[] {1, 257, 3});
        mnk.add(new int[] {257, 1, 7});
        mnk.add(new int[] {7, 3, 257});
        mnk.add(new int[] {33, 65, 17});
        mnk.add(new int[] {100, 17, 65});
        mnk.add(new int[] {65, 100, 33});
        mnk.add(new int[] {17, 1, 100});
        mnk.add(new int[] {20, 300, 30});   // single-threaded, crosses the NC block edge
        mnk.add(new int[] {600, 7, 33});    // crosses the double MC block edge
        mnk.add(new int[] {1100, 3, 9});    // crosses the float MC block edge
        mnk.add(new int[] {1000, 5, 600});  // parallel, split by rows
        mnk.add(new int[] {130, 140, 150}); // parallel, split by columns
        Random r = new Random(20240611L);
        for (int i = 0; i < 12; i++) {
            mnk.add(new int[] {SIZES[r.nextInt(SIZES.length)], SIZES[r.nextInt(SIZES.length)],
                    SIZES[r.nextInt(SIZES.length)]});
        }
        List<Arguments> args = new ArrayList<>();
        for (int[] s : mnk) {
            for (String[] t : TRANS) {
                args.add(Arguments.of(s[0], s[1], s[2], t[0], t[1]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "JavaGemm m={0} n={1} k={2} {3}{4}")
    @MethodSource("shapes")
    void javaGemmMatchesReference(int m, int n, int k, String ta, String tb) {
        long seed = 31L * (31L * (31L * m + n) + k) + ta.hashCode() * 7L + tb.hashCode();
        for (double[] ab : ALPHA_BETA) {
            checkDouble(Impl.JAVA, m, n, k, ta, tb, ab[0], ab[1], seed);
            checkFloat(Impl.JAVA, m, n, k, ta, tb, (float) ab[0], (float) ab[1], seed);
        }
    }

    /** Gemm's dispatch (native BLAS or JavaGemm, whichever is active) gives the same numbers. */
    @ParameterizedTest(name = "Gemm m={0} n={1} k={2} {3}{4}")
    @MethodSource("dispatchShapes")
    void gemmDispatchMatchesReference(int m, int n, int k, String ta, String tb) {
        long seed = 17L * m + 19L * n + 23L * k + ta.hashCode() + 3L * tb.hashCode();
        for (double[] ab : ALPHA_BETA) {
            checkDouble(Impl.GEMM, m, n, k, ta, tb, ab[0], ab[1], seed);
            checkFloat(Impl.GEMM, m, n, k, ta, tb, (float) ab[0], (float) ab[1], seed);
        }
    }

    static Stream<Arguments> dispatchShapes() {
        // tiny (stays in Java even with a native BLAS), medium and large
        int[][] mnk = {{1, 1, 1}, {3, 7, 5}, {16, 16, 16}, {17, 33, 65}, {100, 65, 257}, {257, 100, 33}};
        List<Arguments> args = new ArrayList<>();
        for (int[] s : mnk) {
            for (String[] t : TRANS) {
                args.add(Arguments.of(s[0], s[1], s[2], t[0], t[1]));
            }
        }
        return args.stream();
    }

    @Test
    void gemmAndJavaGemmAgree() {
        int m = 150, n = 130, k = 170;
        Random r = new Random(5);
        double[] a = random(r, m * k), b = random(r, k * n);
        double[] c1 = new double[m * n], c2 = new double[m * n];
        Gemm.dgemm("N", "T", m, n, k, 1.0, a, 0, m, b, 0, n, 0.0, c1, 0, m);
        JavaGemm.dgemm("N", "T", m, n, k, 1.0, a, 0, m, b, 0, n, 0.0, c2, 0, m);
        for (int i = 0; i < c1.length; i++) {
            assertEquals(c1[i], c2[i], 1e-12 * k, "element " + i);
        }
        float[] af = toFloat(a), bf = toFloat(b), d1 = new float[m * n], d2 = new float[m * n];
        Gemm.sgemm("T", "N", n, m, k, 1.0f, bf, 0, k, af, 0, k, 0.0f, d1, 0, n);
        JavaGemm.sgemm("T", "N", n, m, k, 1.0f, bf, 0, k, af, 0, k, 0.0f, d2, 0, n);
        for (int i = 0; i < d1.length; i++) {
            assertEquals(d1[i], d2[i], 2e-6f * k, "element " + i);
        }
    }

    /** Calls that netlib 3.0.3's own argument checks get wrong still work (or fail) properly. */
    @Test
    void gemmHandlesCallsNetlibWouldMishandle() {
        int m = 40, n = 30, k = 50;
        Random r = new Random(3);
        // padded A and B views whose last column ends exactly at the end of the array
        int lda = m + 3, ldb = k + 2;
        double[] a = random(r, (k - 1) * lda + m), b = random(r, (n - 1) * ldb + k);
        double[] c = new double[m * n], want = new double[m * n];
        Gemm.dgemm("N", "N", m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, c, 0, m);
        JavaGemm.dgemm("N", "N", m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, want, 0, m);
        for (int i = 0; i < c.length; i++) {
            assertEquals(want[i], c[i], 1e-12 * k);
        }
        float[] af = toFloat(a), bf = toFloat(b), cf = new float[m * n], wantf = new float[m * n];
        Gemm.sgemm("N", "N", m, n, k, 1.0f, af, 0, lda, bf, 0, ldb, 0.0f, cf, 0, m);
        JavaGemm.sgemm("N", "N", m, n, k, 1.0f, af, 0, lda, bf, 0, ldb, 0.0f, wantf, 0, m);
        for (int i = 0; i < cf.length; i++) {
            assertEquals(wantf[i], cf[i], 1e-5f * k);
        }
        // k == 0 at offset 0: C := beta * C
        double[] d = {1, 2, 3, 4};
        Gemm.dgemm("N", "N", 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 2.0, d, 0, 2);
        assertArrayEquals(new double[] {2, 4, 6, 8}, d);
        // a C array too short for ldc > m must be rejected, never written past its end
        double[] big = random(r, 64 * 64);
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.dgemm("N", "N", 64, 64, 64, 1.0, big, 0, 64, big, 0, 64, 0.0,
                        new double[64 * 64 + 100], 0, 100));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm("N", "N", 64, 64, 64, 1.0f, toFloat(big), 0, 64, toFloat(big), 0, 64, 0.0f,
                        new float[64 * 64 + 100], 0, 100));
    }

    @Test
    void implementationIsReported() {
        String impl = Gemm.implementation();
        assertFalse(impl == null || impl.isBlank());
        switch (Gemm.route()) {
            case NATIVE -> assertTrue(impl.startsWith("native BLAS"), impl);
            case JAVA -> assertTrue(impl.startsWith("pure-Java blocked GEMM"), impl);
            case NETLIB -> assertTrue(impl.contains("forced"), impl);
            default -> fail("unknown route " + Gemm.route());
        }
    }

    @Test
    void zeroSizesAreNoOps() {
        double[] c = {1, 2, 3, 4};
        JavaGemm.dgemm("N", "N", 0, 2, 3, 1.0, null, 0, 1, null, 0, 3, 0.0, c, 0, 1);
        JavaGemm.dgemm("N", "N", 2, 0, 3, 1.0, null, 0, 2, null, 0, 3, 0.0, c, 0, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4}, c);
        float[] cf = {1, 2, 3, 4};
        JavaGemm.sgemm("T", "T", 0, 0, 0, 1.0f, null, 0, 1, null, 0, 1, 0.0f, cf, 0, 1);
        assertArrayEquals(new float[] {1, 2, 3, 4}, cf);
    }

    @Test
    void kZeroScalesByBeta() {
        double[] c = {1, 2, Double.NaN, 4};
        JavaGemm.dgemm("N", "N", 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 0.0, c, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, c);
        double[] d = {1, 2, 3, 4};
        JavaGemm.dgemm("N", "N", 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 3.0, d, 0, 2);
        assertArrayEquals(new double[] {3, 6, 9, 12}, d);
        float[] f = {1, 2, 3, Float.NaN};
        JavaGemm.sgemm("T", "N", 2, 2, 0, 1.0f, new float[0], 0, 1, new float[0], 0, 1, 0.0f, f, 0, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0}, f);
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        int m = 40, n = 30, k = 20;
        double[] a = new double[m * k], b = new double[k * n];
        Arrays.fill(a, Double.NaN);
        Arrays.fill(b, Double.POSITIVE_INFINITY);
        double[] c = new double[m * n];
        Arrays.fill(c, 2.0);
        JavaGemm.dgemm("N", "N", m, n, k, 0.0, a, 0, m, b, 0, k, 0.5, c, 0, m);
        for (double v : c) {
            assertEquals(1.0, v);
        }
        Arrays.fill(c, Double.NaN);
        JavaGemm.dgemm("N", "N", m, n, k, 0.0, a, 0, m, b, 0, k, 0.0, c, 0, m);
        for (double v : c) {
            assertEquals(0.0, v);
        }
        float[] cf = new float[m * n];
        Arrays.fill(cf, 3.0f);
        float[] af = new float[m * k];
        Arrays.fill(af, Float.NaN);
        JavaGemm.sgemm("T", "T", m, n, k, 0.0f, af, 0, k, new float[k * n], 0, n, 1.0f, cf, 0, m);
        for (float v : cf) {
            assertEquals(3.0f, v);
        }
    }

    @Test
    void nanAndInfinityInInputsPropagate() {
        int m = 50, n = 40, k = 30;
        Random r = new Random(9);
        double[] a = random(r, m * k), b = random(r, k * n), c = new double[m * n];
        a[3 + 7 * m] = Double.NaN;             // row 3 of A
        b[5 + 11 * k] = Double.POSITIVE_INFINITY; // column 11 of B
        JavaGemm.dgemm("N", "N", m, n, k, 1.0, a, 0, m, b, 0, k, 0.0, c, 0, m);
        for (int j = 0; j < n; j++) {
            assertTrue(Double.isNaN(c[3 + j * m]), "row 3, column " + j);
        }
        for (int i = 0; i < m; i++) {
            if (i != 3) {
                assertTrue(Double.isInfinite(c[i + 11 * m]) || Double.isNaN(c[i + 11 * m]), "row " + i);
            }
        }
        assertTrue(Double.isFinite(c[1 + 2 * m]));
    }

    @Test
    void resultsAreDeterministicAcrossCalls() {
        int m = 300, n = 280, k = 260; // parallel path
        Random r = new Random(11);
        float[] a = toFloat(random(r, m * k)), b = toFloat(random(r, k * n));
        float[] c1 = new float[m * n], c2 = new float[m * n];
        JavaGemm.sgemm("N", "N", m, n, k, 1.0f, a, 0, m, b, 0, k, 0.0f, c1, 0, m);
        JavaGemm.sgemm("N", "N", m, n, k, 1.0f, a, 0, m, b, 0, k, 0.0f, c2, 0, m);
        assertArrayEquals(c1, c2);
    }

    @Test
    void invalidArgumentsAreRejected() {
        double[] x = new double[16];
        assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.dgemm("X", "N", 2, 2, 2, 1.0, x, 0, 2, x, 0, 2, 0.0, new double[4], 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.dgemm("N", "Q", 2, 2, 2, 1.0, x, 0, 2, x, 0, 2, 0.0, new double[4], 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> JavaGemm.dgemm("N", "N", -1, 2, 2, 1.0, x, 0, 2, x, 0, 2, 0.0, new double[4], 0, 2));
        assertThrows(IllegalArgumentException.class, // lda < m
                () -> JavaGemm.dgemm("N", "N", 3, 2, 2, 1.0, x, 0, 2, x, 0, 2, 0.0, new double[9], 0, 3));
        assertThrows(IllegalArgumentException.class, // lda < k for transposed A
                () -> JavaGemm.dgemm("T", "N", 2, 2, 3, 1.0, x, 0, 2, x, 0, 3, 0.0, new double[4], 0, 2));
        assertThrows(IllegalArgumentException.class, // ldc < m
                () -> JavaGemm.sgemm("N", "N", 2, 2, 2, 1.0f, new float[4], 0, 2, new float[4], 0, 2,
                        0.0f, new float[4], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, // A too short
                () -> JavaGemm.dgemm("N", "N", 4, 4, 4, 1.0, new double[15], 0, 4, x, 0, 4, 0.0,
                        new double[16], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, // C offset too large
                () -> JavaGemm.dgemm("N", "N", 4, 4, 4, 1.0, x, 0, 4, x, 0, 4, 0.0,
                        new double[16], 1, 4));
        // lowercase and "C" (conjugate transpose == transpose for real data) are accepted
        double[] c = new double[4];
        JavaGemm.dgemm("c", "n", 2, 2, 2, 1.0, new double[] {1, 2, 3, 4}, 0, 2,
                new double[] {1, 0, 0, 1}, 0, 2, 0.0, c, 0, 2);
        assertArrayEquals(new double[] {1, 3, 2, 4}, c);
    }

    // ---------------------------------------------------------------------------------------------

    private enum Impl { JAVA, GEMM }

    /** Leading dimension with some padding, and a random offset, for a rows x cols operand. */
    private static int[] layout(Random r, int rows, int cols) {
        int ld = Math.max(1, rows) + r.nextInt(4);
        int off = r.nextInt(5);
        int len = off + (cols == 0 ? 0 : (cols - 1) * ld + rows) + r.nextInt(3);
        return new int[] {ld, off, len};
    }

    private static void checkDouble(Impl impl, int m, int n, int k, String ta, String tb,
                                    double alpha, double beta, long seed) {
        Random r = new Random(seed ^ Double.doubleToLongBits(alpha) ^ (long) (beta * 1000));
        boolean tA = ta.equals("T"), tB = tb.equals("T");
        int[] la = layout(r, tA ? k : m, tA ? m : k);
        int[] lb = layout(r, tB ? n : k, tB ? k : n);
        int[] lc = layout(r, m, n);
        double[] a = fill(r, la[2], la, tA ? k : m, tA ? m : k);
        double[] b = fill(r, lb[2], lb, tB ? n : k, tB ? k : n);
        double[] c = new double[lc[2]];
        Arrays.fill(c, PAD);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                c[lc[1] + i + j * lc[0]] = beta == 0.0 ? Double.NaN : r.nextDouble() * 2 - 1;
            }
        }
        double[] c0 = c.clone();
        if (impl == Impl.JAVA) {
            JavaGemm.dgemm(ta, tb, m, n, k, alpha, a, la[1], la[0], b, lb[1], lb[0], beta, c, lc[1], lc[0]);
        } else {
            Gemm.dgemm(ta, tb, m, n, k, alpha, a, la[1], la[0], b, lb[1], lb[0], beta, c, lc[1], lc[0]);
        }
        String what = impl + " dgemm " + ta + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta;
        double eps = Math.ulp(1.0);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - lc[1];
            int j = rel >= 0 ? rel / lc[0] : -1;
            int i = rel >= 0 ? rel % lc[0] : -1;
            if (rel < 0 || j >= n || i >= m) {
                assertEquals(Double.doubleToRawLongBits(c0[idx]), Double.doubleToRawLongBits(c[idx]),
                        what + ": wrote outside C at index " + idx);
                continue;
            }
            double sum = 0, mag = 0;
            for (int p = 0; p < k; p++) {
                double x = tA ? a[la[1] + p + i * la[0]] : a[la[1] + i + p * la[0]];
                double y = tB ? b[lb[1] + j + p * lb[0]] : b[lb[1] + p + j * lb[0]];
                sum += x * y;
                mag += Math.abs(x * y);
            }
            double want = alpha * sum + (beta == 0.0 ? 0.0 : beta * c0[idx]);
            double cTerm = beta == 0.0 ? 0.0 : Math.abs(beta * c0[idx]);
            double tol = 4 * (k + 4) * eps * (Math.abs(alpha) * mag + cTerm) + 1e-300;
            if (!(Math.abs(c[idx] - want) <= tol)) {
                fail(what + ": C(" + i + "," + j + ") = " + c[idx] + ", want " + want + " +- " + tol);
            }
        }
    }

    private static void checkFloat(Impl impl, int m, int n, int k, String ta, String tb,
                                   float alpha, float beta, long seed) {
        Random r = new Random(~seed ^ Float.floatToIntBits(alpha) ^ (long) (beta * 1000));
        boolean tA = ta.equals("T"), tB = tb.equals("T");
        int[] la = layout(r, tA ? k : m, tA ? m : k);
        int[] lb = layout(r, tB ? n : k, tB ? k : n);
        int[] lc = layout(r, m, n);
        float[] a = toFloat(fill(r, la[2], la, tA ? k : m, tA ? m : k));
        float[] b = toFloat(fill(r, lb[2], lb, tB ? n : k, tB ? k : n));
        float[] c = new float[lc[2]];
        Arrays.fill(c, (float) PAD);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                c[lc[1] + i + j * lc[0]] = beta == 0.0f ? Float.NaN : r.nextFloat() * 2 - 1;
            }
        }
        float[] c0 = c.clone();
        if (impl == Impl.JAVA) {
            JavaGemm.sgemm(ta, tb, m, n, k, alpha, a, la[1], la[0], b, lb[1], lb[0], beta, c, lc[1], lc[0]);
        } else {
            Gemm.sgemm(ta, tb, m, n, k, alpha, a, la[1], la[0], b, lb[1], lb[0], beta, c, lc[1], lc[0]);
        }
        String what = impl + " sgemm " + ta + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta;
        double eps = Math.ulp(1.0f);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - lc[1];
            int j = rel >= 0 ? rel / lc[0] : -1;
            int i = rel >= 0 ? rel % lc[0] : -1;
            if (rel < 0 || j >= n || i >= m) {
                assertEquals(Float.floatToRawIntBits(c0[idx]), Float.floatToRawIntBits(c[idx]),
                        what + ": wrote outside C at index " + idx);
                continue;
            }
            double sum = 0, mag = 0;
            for (int p = 0; p < k; p++) {
                double x = tA ? a[la[1] + p + i * la[0]] : a[la[1] + i + p * la[0]];
                double y = tB ? b[lb[1] + j + p * lb[0]] : b[lb[1] + p + j * lb[0]];
                sum += x * y;
                mag += Math.abs(x * y);
            }
            double want = (double) alpha * sum + (beta == 0.0f ? 0.0 : (double) beta * c0[idx]);
            double cTerm = beta == 0.0f ? 0.0 : Math.abs((double) beta * c0[idx]);
            double tol = 4 * (k + 4) * eps * (Math.abs(alpha) * mag + cTerm) + 1e-30;
            if (!(Math.abs(c[idx] - want) <= tol)) {
                fail(what + ": C(" + i + "," + j + ") = " + c[idx] + ", want " + want + " +- " + tol);
            }
        }
    }

    /** An array of length len whose matrix window holds values in [-1, 1) and padding PAD. */
    private static double[] fill(Random r, int len, int[] layout, int rows, int cols) {
        double[] x = new double[len];
        Arrays.fill(x, PAD);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                x[layout[1] + i + j * layout[0]] = r.nextDouble() * 2 - 1;
            }
        }
        return x;
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }
}
