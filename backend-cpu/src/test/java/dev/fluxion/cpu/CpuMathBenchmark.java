package dev.fluxion.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of {@link CpuMath} against {@link Math} (plain {@code main}, not a test).
 *
 * <p>For each function, a loop over {@value #N} random doubles in a typical range is run
 * (after warm-up) {@value #RUNS} times for each implementation, alternating between the two, and
 * the best time is printed in ns/element together with the speed-up. Time is the thread's CPU time when the JVM supports
 * it (so that other processes on a shared machine do not inflate it), else wall-clock time. Every loop is its own class, so C2 compiles and
 * inlines each function separately. Run with:
 * <pre>
 * java -cp classes:test-classes dev.fluxion.cpu.CpuMathBenchmark [filter]
 * </pre>
 */
public final class CpuMathBenchmark {

    static final int N = 1_000_000;
    static final int RUNS = 20;
    static final int WARMUP = 15;

    /** One timed loop: out[i] = f(a[i]) or f(a[i], b[i]). */
    interface Loop {
        void run(double[] a, double[] b, double[] out);
    }

    record Case(String name, double lo, double hi, Loop jdk, Loop cpu) {
    }

    private static volatile double sink;

    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("erf", -4, 4, null,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.erf(a[i]); } }));
        // GELU's argument x/sqrt(2) with x ~ N(0, 1) (lo = hi = NaN selects this distribution)
        cases.add(new Case("erf", Double.NaN, Double.NaN, null,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.erf(a[i]); } }));
        cases.add(new Case("erfc", -4, 10, null,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.erfc(a[i]); } }));
        cases.add(new Case("atan", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.atan(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.atan(a[i]); } }));
        cases.add(new Case("atan2", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.atan2(a[i], b[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.atan2(a[i], b[i]); } }));
        cases.add(new Case("tanh", -5, 5,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.tanh(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.tanh(a[i]); } }));
        cases.add(new Case("sinh", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.sinh(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.sinh(a[i]); } }));
        cases.add(new Case("cosh", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.cosh(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.cosh(a[i]); } }));
        cases.add(new Case("asin", -1, 1,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.asin(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.asin(a[i]); } }));
        cases.add(new Case("acos", -1, 1,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.acos(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.acos(a[i]); } }));
        cases.add(new Case("expm1", -5, 5,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.expm1(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.expm1(a[i]); } }));
        cases.add(new Case("log1p", -0.9, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.log1p(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.log1p(a[i]); } }));
        cases.add(new Case("sigmoid", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = 1.0 / (1.0 + Math.exp(-a[i])); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.sigmoid(a[i]); } }));
        cases.add(new Case("exp*", -10, 10,
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = Math.exp(a[i]); } },
                (a, b, o) -> { for (int i = 0; i < a.length; i++) { o[i] = CpuMath.expStrict(a[i]); } }));

        System.out.printf(Locale.ROOT, "# %s %s, %d doubles, best of %d, ns/element (%s)%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), N, RUNS,
                CPU_TIME ? "thread CPU time" : "wall time");
        System.out.printf(Locale.ROOT, "%-9s %-14s %10s %10s %9s%n", "function", "range", "Math", "CpuMath",
                "speed-up");
        for (Case c : cases) {
            if (!c.name().startsWith(filter)) {
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(42);
            double[] a = new double[N];
            double[] b = new double[N];
            boolean gelu = Double.isNaN(c.lo());
            for (int i = 0; i < N; i++) {
                a[i] = gelu ? rnd.nextGaussian() * Math.sqrt(0.5) : c.lo() + (c.hi() - c.lo()) * rnd.nextDouble();
                b[i] = gelu ? rnd.nextGaussian() * Math.sqrt(0.5) : c.lo() + (c.hi() - c.lo()) * rnd.nextDouble();
            }
            double[] out = new double[N];
            double[] best = time(c.jdk(), c.cpu(), a, b, out);
            double tj = best[0];
            double tc = best[1];
            String range = gelu ? "N(0,1)/sqrt2" : String.format(Locale.ROOT, "[%s, %s]", fmt(c.lo()), fmt(c.hi()));
            String js = Double.isNaN(tj) ? "-" : String.format(Locale.ROOT, "%.2f", tj);
            String sp = Double.isNaN(tj) ? "-" : String.format(Locale.ROOT, "%.1fx", tj / tc);
            System.out.printf(Locale.ROOT, "%-9s %-14s %10s %10.2f %9s%n", c.name(), range, js, tc, sp);
        }
        System.out.println("# exp* = package-private CpuMath.expStrict (fdlibm exp, used by sinh/cosh) vs the "
                + "Math.exp intrinsic; sigmoid baseline = 1/(1+Math.exp(-x))");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Best time per element of each loop (jdk may be null). The timed runs of the two loops
     * alternate, so that both see the same background load.
     */
    private static double[] time(Loop jdk, Loop cpu, double[] a, double[] b, double[] out) {
        for (int w = 0; w < WARMUP; w++) {
            if (jdk != null) {
                jdk.run(a, b, out);
            }
            cpu.run(a, b, out);
        }
        long bestJdk = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int r = 0; r < RUNS; r++) {
            if (jdk != null) {
                long t0 = now();
                jdk.run(a, b, out);
                bestJdk = Math.min(bestJdk, now() - t0);
                sink += out[r];
            }
            long t0 = now();
            cpu.run(a, b, out);
            bestCpu = Math.min(bestCpu, now() - t0);
            sink += out[r];
        }
        return new double[] {jdk == null ? Double.NaN : (double) bestJdk / a.length, (double) bestCpu / a.length};
    }
}
