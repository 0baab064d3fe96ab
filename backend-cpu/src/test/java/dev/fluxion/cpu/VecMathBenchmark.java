package dev.fluxion.cpu;

import java.util.SplittableRandom;

/**
 * Single-thread throughput of the {@link VecMath} kernels against the scalar {@code Math} loop,
 * double and float, in ns per element: warm-up, then the best of 10 runs over {@code n}
 * elements (default 10^6, {@code -Dbench.n=...}; {@code -Dbench.warmup=seconds},
 * {@code -Dbench.reps=...}). Choose the vector width with
 * {@code -Dfluxion.cpu.simd.bits=256|512}. Plain main:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp classes:test-classes dev.fluxion.cpu.VecMathBenchmark
 * </pre>
 *
 * Optional argument: a comma-separated list of function names to run.
 */
public final class VecMathBenchmark {

    private VecMathBenchmark() {
    }

    interface Run {
        void run();
    }

    static double best(Run r, int n, int reps) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / (double) n;
    }

    static double[] uniform(SplittableRandom rnd, double lo, double hi, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return a;
    }

    static float[] toF(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static double sink;

    /** Seconds of round-robin warm-up over all kernels before measuring. */
    static final double WARMUP_S = Double.parseDouble(System.getProperty("bench.warmup", "20"));
    /** Timed runs per kernel; the best is reported. */
    static final int REPS = Integer.getInteger("bench.reps", 10);

    public static void main(String[] args) {
        if (!Simd.ENABLED) {
            System.out.println("Vector API not available: " + Simd.describe());
            return;
        }
        int n = Integer.getInteger("bench.n", 1_000_000);
        String only = args.length > 0 ? "," + args[0] + "," : null;
        SplittableRandom rnd = new SplittableRandom(42);
        System.out.println("VecMath benchmark: " + Simd.describe() + ", n = " + n + ", single thread");
        System.out.printf("%-10s %10s %10s %8s | %10s %10s %8s%n", "function", "vec f64", "Math f64", "speedup",
                "vec f32", "Math f32", "speedup");
        String[] names = {"exp", "log", "sin", "cos", "atan", "tanh", "sigmoid", "expm1", "log1p", "pow(x,p)",
            "pow(a,b)"};
        double[] y = new double[n];
        float[] yf = new float[n];
        java.util.List<String> runNames = new java.util.ArrayList<>();
        java.util.List<Run[]> runs = new java.util.ArrayList<>();
        for (String name : names) {
            if (only != null && !only.contains("," + name + ",")) {
                continue;
            }
            double[] x;
            switch (name) {
                case "log":
                    x = uniform(rnd, 0.01, 100, n);
                    break;
                case "log1p":
                    x = uniform(rnd, -0.5, 10, n);
                    break;
                case "expm1":
                    x = uniform(rnd, -2, 2, n);
                    break;
                case "pow(x,p)":
                case "pow(a,b)":
                    x = uniform(rnd, 0.1, 10, n);
                    break;
                default:
                    x = uniform(rnd, -10, 10, n);
            }
            double[] b = uniform(rnd, -3, 3, n);
            float[] xf = toF(x);
            float[] bf = toF(b);
            double p = 1.7;
            Run vd;
            Run sd;
            Run vf;
            Run sf;
            switch (name) {
                case "exp":
                    vd = () -> VecMath.exp(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.exp(x[i]); } };
                    vf = () -> VecMath.exp(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.exp(xf[i]); } };
                    break;
                case "log":
                    vd = () -> VecMath.log(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.log(x[i]); } };
                    vf = () -> VecMath.log(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.log(xf[i]); } };
                    break;
                case "sin":
                    vd = () -> VecMath.sin(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.sin(x[i]); } };
                    vf = () -> VecMath.sin(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.sin(xf[i]); } };
                    break;
                case "cos":
                    vd = () -> VecMath.cos(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.cos(x[i]); } };
                    vf = () -> VecMath.cos(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.cos(xf[i]); } };
                    break;
                case "atan":
                    vd = () -> VecMath.atan(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.atan(x[i]); } };
                    vf = () -> VecMath.atan(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.atan(xf[i]); } };
                    break;
                case "tanh":
                    vd = () -> VecMath.tanh(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.tanh(x[i]); } };
                    vf = () -> VecMath.tanh(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.tanh(xf[i]); } };
                    break;
                case "sigmoid":
                    vd = () -> VecMath.sigmoid(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = 1.0 / (1.0 + Math.exp(-x[i])); } };
                    vf = () -> VecMath.sigmoid(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) (1.0 / (1.0 + Math.exp(-xf[i]))); } };
                    break;
                case "expm1":
                    vd = () -> VecMath.expm1(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.expm1(x[i]); } };
                    vf = () -> VecMath.expm1(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.expm1(xf[i]); } };
                    break;
                case "log1p":
                    vd = () -> VecMath.log1p(x, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.log1p(x[i]); } };
                    vf = () -> VecMath.log1p(xf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.log1p(xf[i]); } };
                    break;
                case "pow(x,p)":
                    vd = () -> VecMath.pow(x, 0, p, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.pow(x[i], p); } };
                    vf = () -> VecMath.pow(xf, 0, p, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.pow(xf[i], p); } };
                    break;
                default:
                    vd = () -> VecMath.pow(x, 0, b, 0, y, 0, n);
                    sd = () -> { for (int i = 0; i < n; i++) { y[i] = Math.pow(x[i], b[i]); } };
                    vf = () -> VecMath.pow(xf, 0, bf, 0, yf, 0, n);
                    sf = () -> { for (int i = 0; i < n; i++) { yf[i] = (float) Math.pow(xf[i], bf[i]); } };
            }
            runNames.add(name);
            runs.add(new Run[] {vd, sd, vf, sf});
        }
        // Warm up all kernels round-robin until C2 has compiled them: the big vector methods take
        // seconds to compile on a loaded machine, and until then C1 code of the Vector API is
        // very slow. Then measure each.
        long warmEnd = System.nanoTime() + (long) (WARMUP_S * 1e9);
        for (int w = 0; w < 5 || System.nanoTime() < warmEnd; w++) {
            for (Run[] r : runs) {
                for (Run x : r) {
                    x.run();
                }
            }
        }
        for (int k = 0; k < runs.size(); k++) {
            Run[] r = runs.get(k);
            for (Run x : r) {
                x.run();
            }
            double tvd = best(r[0], n, REPS);
            double tsd = best(r[1], n, REPS);
            double tvf = best(r[2], n, REPS);
            double tsf = best(r[3], n, REPS);
            sink += y[n / 2] + yf[n / 3];
            System.out.printf("%-10s %10.2f %10.2f %7.1fx | %10.2f %10.2f %7.1fx%n", runNames.get(k), tvd, tsd,
                    tsd / tvd, tvf, tsf, tsf / tvf);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
