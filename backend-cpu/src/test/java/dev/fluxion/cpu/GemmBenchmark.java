package dev.fluxion.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Square 'N','N' GEMM throughput of every implementation {@link Gemm} could use, for
 * n = 256, 512, 1024 in FLOAT32 and FLOAT64, plus the small-size crossover between native BLAS
 * and {@link JavaGemm} that sets {@link Gemm#NATIVE_MIN_MNK}.
 *
 * <p>Implementations: netlib's JNI BLAS (the system {@code libblas.so.3}), netlib's
 * {@code F2jBLAS} (reference triple loop, package-private in the jar, reached reflectively),
 * netlib's own Java fallback as {@code JavaBLAS.getInstance()} picks it ({@code Java11BLAS} on
 * JDK 11+, {@code VectorBLAS} when run with {@code --add-modules jdk.incubator.vector}),
 * {@link JavaGemm}, and {@link Gemm}'s dispatch.
 *
 * <p>The implementations are timed round-robin, interleaved within each size, and each keeps its
 * best time, so that the ratios (which is what matters on a machine shared with other work) are
 * measured over the same period. Run (the JNI glue needs {@code arpack_combined_all} on the class
 * path; without it netlib silently falls back to Java):
 * <pre>
 * java -cp classes:test-classes:blas-3.0.3.jar:arpack_combined_all-0.1.jar dev.fluxion.cpu.GemmBenchmark [seconds-per-size]
 * </pre>
 */
public final class GemmBenchmark {

    private GemmBenchmark() {}

    interface Kernel {
        void dgemm(int n, double[] a, double[] b, double[] c);

        void sgemm(int n, float[] a, float[] b, float[] c);
    }

    record Impl(String name, Kernel kernel) {}

    public static void main(String[] args) {
        double secondsPerCell = args.length > 0 ? Double.parseDouble(args[0]) : 6.0;
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " processors, os.arch "
                + System.getProperty("os.arch"));
        System.out.println("Gemm.implementation(): " + Gemm.implementation());

        List<Impl> impls = new ArrayList<>();
        BLAS nat = nativeBlas();
        if (nat != null) {
            impls.add(new Impl("native", netlib(nat)));
        } else {
            System.out.println("netlib native (JNIBLAS): not available");
        }
        BLAS f2j = f2jBlas();
        if (f2j != null) {
            impls.add(new Impl("F2jBLAS", netlib(f2j)));
        }
        BLAS javaBlas = null;
        try {
            javaBlas = JavaBLAS.getInstance();
            impls.add(new Impl(javaBlas.getClass().getSimpleName(), netlib(javaBlas)));
        } catch (Throwable t) {
            System.out.println("netlib JavaBLAS: not available (" + t + ")");
        }
        impls.add(new Impl("JavaGemm", new Kernel() {
            @Override
            public void dgemm(int n, double[] a, double[] b, double[] c) {
                JavaGemm.dgemm("N", "N", n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            }

            @Override
            public void sgemm(int n, float[] a, float[] b, float[] c) {
                JavaGemm.sgemm("N", "N", n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, c, 0, n);
            }
        }));
        impls.add(new Impl("Gemm", new Kernel() {
            @Override
            public void dgemm(int n, double[] a, double[] b, double[] c) {
                Gemm.dgemm("N", "N", n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            }

            @Override
            public void sgemm(int n, float[] a, float[] b, float[] c) {
                Gemm.sgemm("N", "N", n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, c, 0, n);
            }
        }));

        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %5s", "dtype", "n"));
        for (Impl impl : impls) {
            header.append(String.format(Locale.ROOT, " %11s", impl.name()));
        }
        header.append("   JavaGemm/F2j  JavaGemm/").append(javaBlas == null ? "JavaBLAS" : javaBlas.getClass().getSimpleName())
                .append("  native/JavaGemm");
        System.out.println();
        System.out.println("GFLOP/s (2n^3 / best time), square 'N','N', alpha=1, beta=0");
        System.out.println(header);
        for (boolean dbl : new boolean[] {false, true}) {
            for (int n : new int[] {256, 512, 1024}) {
                double[] gflops = measure(impls, n, dbl, secondsPerCell);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s %5d",
                        dbl ? "FLOAT64" : "FLOAT32", n));
                for (double g : gflops) {
                    row.append(String.format(Locale.ROOT, " %11.2f", g));
                }
                double jg = gflops[index(impls, "JavaGemm")];
                row.append(String.format(Locale.ROOT, "   %12s  %17s  %15s",
                        ratio(jg, gflops, index(impls, "F2jBLAS")),
                        ratio(jg, gflops, javaBlas == null ? -1 : index(impls, javaBlas.getClass().getSimpleName())),
                        index(impls, "native") < 0 ? "n/a"
                                : String.format(Locale.ROOT, "%.2fx", gflops[index(impls, "native")] / jg)));
                System.out.println(row);
            }
        }

        if (nat != null) {
            System.out.println();
            System.out.println("Small products: microseconds per call (best), native vs JavaGemm,"
                    + " square 'N','N'  (Gemm.NATIVE_MIN_MNK = " + Gemm.NATIVE_MIN_MNK + ")");
            System.out.printf(Locale.ROOT, "%-8s %5s %12s %12s %10s%n", "dtype", "n", "native us", "JavaGemm us",
                    "faster");
            List<Impl> pair = List.of(impls.get(index(impls, "native")), impls.get(index(impls, "JavaGemm")));
            for (boolean dbl : new boolean[] {false, true}) {
                for (int n : new int[] {2, 3, 4, 5, 6, 8, 12, 16, 32, 64}) {
                    double[] us = measureSmall(pair, n, dbl);
                    System.out.printf(Locale.ROOT, "%-8s %5d %12.3f %12.3f %10s%n", dbl ? "FLOAT64" : "FLOAT32", n,
                            us[0], us[1], us[0] <= us[1] ? "native" : "JavaGemm");
                }
            }
        }
    }

    private static String ratio(double num, double[] gflops, int denIndex) {
        return denIndex < 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", num / gflops[denIndex]);
    }

    private static int index(List<Impl> impls, String name) {
        for (int i = 0; i < impls.size(); i++) {
            if (impls.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Best-of-N GFLOP/s of each implementation, interleaved round-robin for about budget seconds. */
    private static double[] measure(List<Impl> impls, int n, boolean dbl, double budgetSeconds) {
        Random r = new Random(n);
        double[] a = new double[n * n], b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() - 0.5;
            b[i] = r.nextDouble() - 0.5;
        }
        float[] af = toFloat(a), bf = toFloat(b);
        double[][] cd = new double[impls.size()][n * n];
        float[][] cf = new float[impls.size()][n * n];
        long[] best = new long[impls.size()];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        // warm-up: JIT-compile every path once (twice for the fast ones)
        for (int w = 0; w < 2; w++) {
            for (int q = 0; q < impls.size(); q++) {
                if (w == 0 || n <= 512 || !impls.get(q).name().equals("F2jBLAS")) {
                    run(impls.get(q), n, dbl, a, b, cd[q], af, bf, cf[q]);
                }
            }
        }
        long deadline = System.nanoTime() + (long) (budgetSeconds * 1e9);
        int rounds = 0;
        while (rounds < 3 || System.nanoTime() < deadline) {
            for (int step = 0; step < impls.size(); step++) {
                int q = (step + rounds) % impls.size(); // rotate, so no one always follows the same neighbour
                long t0 = System.nanoTime();
                run(impls.get(q), n, dbl, a, b, cd[q], af, bf, cf[q]);
                best[q] = Math.min(best[q], System.nanoTime() - t0);
            }
            rounds++;
            if (rounds >= 200) {
                break;
            }
        }
        // sanity: every implementation computed the same product
        for (int q = 1; q < impls.size(); q++) {
            double maxDiff = 0;
            for (int i = 0; i < n * n; i += 97) {
                maxDiff = Math.max(maxDiff, dbl ? Math.abs(cd[q][i] - cd[0][i]) : Math.abs(cf[q][i] - cf[0][i]));
            }
            double tol = (dbl ? 1e-10 : 1e-2) * Math.sqrt(n);
            if (maxDiff > tol) {
                throw new AssertionError(impls.get(q).name() + " disagrees with " + impls.get(0).name()
                        + " by " + maxDiff + " at n=" + n);
            }
        }
        double[] gflops = new double[impls.size()];
        for (int q = 0; q < impls.size(); q++) {
            gflops[q] = 2.0 * n * n * n / best[q];
        }
        return gflops;
    }

    private static double[] measureSmall(List<Impl> pair, int n, boolean dbl) {
        Random r = new Random(n);
        double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() - 0.5;
            b[i] = r.nextDouble() - 0.5;
        }
        float[] af = toFloat(a), bf = toFloat(b), cf = new float[n * n];
        int inner = Math.max(20, 2_000_000 / (n * n * n));
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < 30; round++) {
            for (int q = 0; q < 2; q++) {
                long t0 = System.nanoTime();
                for (int it = 0; it < inner; it++) {
                    run(pair.get(q), n, dbl, a, b, c, af, bf, cf);
                }
                best[q] = Math.min(best[q], (System.nanoTime() - t0) / 1e3 / inner);
            }
        }
        return best;
    }

    private static void run(Impl impl, int n, boolean dbl, double[] a, double[] b, double[] c,
                            float[] af, float[] bf, float[] cf) {
        if (dbl) {
            impl.kernel().dgemm(n, a, b, c);
        } else {
            impl.kernel().sgemm(n, af, bf, cf);
        }
    }

    private static Kernel netlib(BLAS blas) {
        return new Kernel() {
            @Override
            public void dgemm(int n, double[] a, double[] b, double[] c) {
                blas.dgemm("N", "N", n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            }

            @Override
            public void sgemm(int n, float[] a, float[] b, float[] c) {
                blas.sgemm("N", "N", n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, c, 0, n);
            }
        };
    }

    private static BLAS nativeBlas() {
        try {
            return NativeBLAS.getInstance();
        } catch (Throwable t) {
            return null;
        }
    }

    /** netlib's F2jBLAS is a package-private class; its public static getInstance() is reflected. */
    private static BLAS f2jBlas() {
        try {
            Method m = Class.forName("dev.ludovic.netlib.blas.F2jBLAS").getMethod("getInstance");
            m.setAccessible(true);
            BLAS blas = (BLAS) m.invoke(null);
            blas.dgemm("N", "N", 1, 1, 1, 1.0, new double[1], 0, 1, new double[1], 0, 1, 0.0, new double[1], 0, 1);
            return blas;
        } catch (Throwable t) {
            System.out.println("netlib F2jBLAS: not available (" + t + ")");
            return null;
        }
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }
}
