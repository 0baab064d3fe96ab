package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy and special-value tests of {@link VecMath} against StrictMath (pow: Math.pow, the
 * HotSpot intrinsic: StrictMath.pow, fdlibm, is off by hundreds of ulp for |b| > 2^31 with a
 * near 1, e.g. pow(1.0000001661590152, 4.217437625410315E9)).
 *
 * <p>Errors are measured in ulp as the distance between the two results in the ordered set of
 * doubles (floats), so subnormal and signed results are measured exactly. Every sweep runs the
 * kernel once over the whole array and once with odd offsets and a length that is not a
 * multiple of the lane count (scalar tail). {@code -Dvecmath.test.scale=k} multiplies the sweep
 * sizes (default 1).
 *
 * <p>Needs {@code --add-modules jdk.incubator.vector}; skipped otherwise.
 */
class VecMathTest {

    static final int SCALE = Integer.getInteger("vecmath.test.scale", 1);
    static final int N = 100_000 * SCALE;

    @BeforeAll
    static void requireVectorApi() {
        assumeTrue(Simd.ENABLED, "jdk.incubator.vector not in the boot layer: " + Simd.describe());
        System.out.println("VecMath: " + Simd.describe());
    }

    // ---------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------

    interface DKernel {
        void run(double[] x, int xo, double[] y, int yo, int n);
    }

    interface FKernel {
        void run(float[] x, int xo, float[] y, int yo, int n);
    }

    interface DRef {
        double f(double x);
    }

    static long ord(double d) {
        long b = Double.doubleToRawLongBits(d);
        return b >= 0 ? b : Long.MIN_VALUE - b;
    }

    static int ord(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b : Integer.MIN_VALUE - b;
    }

    /** ulp distance; NaN vs NaN = 0, NaN vs number = huge; +0 vs -0 = 1. */
    static double ulps(double got, double want) {
        if (Double.isNaN(got) || Double.isNaN(want)) {
            return Double.isNaN(got) && Double.isNaN(want) ? 0 : Double.POSITIVE_INFINITY;
        }
        long a = ord(got);
        long b = ord(want);
        if ((a ^ b) < 0) {
            return Math.abs((double) a - (double) b);
        }
        return Math.abs(a - b);
    }

    static double ulps(float got, float want) {
        if (Float.isNaN(got) || Float.isNaN(want)) {
            return Float.isNaN(got) && Float.isNaN(want) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs((long) ord(got) - (long) ord(want));
    }

    /** Max ulp error of kernel vs ref over xs (whole array, then offset 1/3 with a tail). */
    static double sweep(String name, DKernel k, DRef ref, double[] xs, double tol) {
        double[] y = new double[xs.length];
        double[] want = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            want[i] = ref.f(xs[i]);
        }
        double worst = 0;
        double worstX = Double.NaN;
        for (int pass = 0; pass < 2; pass++) {
            int xo = pass == 0 ? 0 : 1;
            int yo = pass == 0 ? 0 : 3;
            int n = pass == 0 ? xs.length : xs.length - 5;
            java.util.Arrays.fill(y, Double.NaN);
            k.run(xs, xo, y, yo, n);
            for (int i = 0; i < n; i++) {
                double u = ulps(y[yo + i], want[xo + i]);
                if (u > worst) {
                    worst = u;
                    worstX = xs[xo + i];
                }
            }
        }
        System.out.printf("  %-10s %-28s max %.0f ulp%s%n", name, "(" + xs.length + " args)", worst,
                worst > 0 ? "  at x=" + worstX : "");
        assertTrue(worst <= tol, name + ": " + worst + " ulp at x = " + worstX + " (" + Double.toHexString(worstX)
                + "), tolerance " + tol);
        return worst;
    }

    interface FRef {
        float f(float x);
    }

    static double sweepF(String name, FKernel k, FRef ref, float[] xs, double tol) {
        float[] y = new float[xs.length];
        double worst = 0;
        float worstX = Float.NaN;
        for (int pass = 0; pass < 2; pass++) {
            int xo = pass == 0 ? 0 : 1;
            int yo = pass == 0 ? 0 : 3;
            int n = pass == 0 ? xs.length : xs.length - 5;
            java.util.Arrays.fill(y, Float.NaN);
            k.run(xs, xo, y, yo, n);
            for (int i = 0; i < n; i++) {
                double u = ulps(y[yo + i], ref.f(xs[xo + i]));
                if (u > worst) {
                    worst = u;
                    worstX = xs[xo + i];
                }
            }
        }
        System.out.printf("  %-10s %-28s max %.0f ulp%s%n", name, "(" + xs.length + " args, float)", worst,
                worst > 0 ? "  at x=" + worstX : "");
        assertTrue(worst <= tol, name + ": " + worst + " ulp at x = " + worstX + ", tolerance " + tol);
        return worst;
    }

    /** Each special value alone (all lanes) and mixed with ordinary values; exact match required. */
    static void specials(String name, DKernel k, DRef ref, double[] sp, double ordinary) {
        int len = 37;
        for (double s : sp) {
            for (int mode = 0; mode < 2; mode++) {
                double[] x = new double[len];
                for (int i = 0; i < len; i++) {
                    x[i] = mode == 0 || i % 3 == 0 ? s : ordinary + i * 1e-3;
                }
                double[] y = new double[len];
                k.run(x, 0, y, 0, len);
                for (int i = 0; i < len; i++) {
                    double want = ref.f(x[i]);
                    double got = y[i];
                    boolean exactClass = Double.isNaN(want) || Double.isInfinite(want) || want == 0;
                    if (exactClass) {
                        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got),
                                name + "(" + x[i] + ") = " + got + ", want " + want);
                    } else {
                        assertTrue(ulps(got, want) <= 2, name + "(" + x[i] + ") = " + got + ", want " + want);
                    }
                }
            }
        }
    }

    static void specialsF(String name, FKernel k, FRef ref, float[] sp, float ordinary) {
        int len = 37;
        for (float s : sp) {
            for (int mode = 0; mode < 2; mode++) {
                float[] x = new float[len];
                for (int i = 0; i < len; i++) {
                    x[i] = mode == 0 || i % 3 == 0 ? s : ordinary + i * 1e-3f;
                }
                float[] y = new float[len];
                k.run(x, 0, y, 0, len);
                for (int i = 0; i < len; i++) {
                    float want = ref.f(x[i]);
                    float got = y[i];
                    boolean exactClass = Float.isNaN(want) || Float.isInfinite(want) || want == 0;
                    if (exactClass) {
                        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                                name + "(" + x[i] + ") = " + got + ", want " + want);
                    } else {
                        assertTrue(ulps(got, want) <= 2, name + "(" + x[i] + ") = " + got + ", want " + want);
                    }
                }
            }
        }
    }

    static final SplittableRandom RND = new SplittableRandom(20240611L);

    static double[] uniform(double lo, double hi, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * RND.nextDouble();
        }
        return a;
    }

    /** |x| log-uniform in [2^e0, 2^e1), random sign if signed. */
    static double[] logUniform(int e0, int e1, boolean signed, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.scalb(1.0 + RND.nextDouble(), e0 + RND.nextInt(e1 - e0));
            a[i] = signed && RND.nextBoolean() ? -v : v;
        }
        return a;
    }

    /** n consecutive doubles starting at x0 (dense sweep). */
    static double[] dense(double x0, int n) {
        double[] a = new double[n];
        double v = x0;
        for (int i = 0; i < n; i++) {
            a[i] = v;
            v = Math.nextUp(v);
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

    static float[] denseF(float x0, int n) {
        float[] a = new float[n];
        float v = x0;
        for (int i = 0; i < n; i++) {
            a[i] = v;
            v = Math.nextUp(v);
        }
        return a;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] r = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    static final double[] COMMON_SPECIALS = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0x1p-30, -0x1p-30, 1e300, -1e300,
    };

    static float[] commonSpecialsF() {
        return new float[] {
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.0f, -0.0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f, 0x1p-30f, -0x1p-30f, 1e30f, -1e30f,
        };
    }

    static final MathContext MC = new MathContext(36);

    /** e^y to 36 digits (|y| &lt;= 800): Taylor series of y/2^m, squared m times. */
    static BigDecimal bigExp(double y) {
        int m = 0;
        double r = Math.abs(y);
        while (r > 0.5) {
            r *= 0.5;
            m++;
        }
        BigDecimal z = new BigDecimal(y).divide(BigDecimal.valueOf(2).pow(m), MC);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 60; k++) {
            term = term.multiply(z, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(40)) < 0) {
                break;
            }
        }
        for (int i = 0; i < m; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** e^y - 1 to ~36 digits, without cancellation for small y. */
    static BigDecimal bigExpm1(double y) {
        if (Math.abs(y) >= 1) {
            return bigExp(y).subtract(BigDecimal.ONE, MC);
        }
        BigDecimal z = new BigDecimal(y);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 80; k++) {
            term = term.multiply(z, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(40)) < 0) {
                break;
            }
        }
        return sum;
    }

    /** Correctly rounded sigmoid (36-digit evaluation). */
    static double sigmoidRef(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x > 40) {
            return 1.0;
        }
        if (x < -800) {
            return 0.0;
        }
        BigDecimal e = bigExp(-Math.abs(x));
        BigDecimal den = BigDecimal.ONE.add(e, MC);
        return (x >= 0 ? BigDecimal.ONE : e).divide(den, MC).doubleValue();
    }

    /** Correctly rounded tanh (36-digit evaluation): u/(u+2), u = expm1(2|x|). */
    static double tanhRef(double x) {
        if (Double.isNaN(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a > 22) {
            r = 1.0;
        } else {
            BigDecimal u = bigExpm1(2 * a);
            r = u.divide(u.add(BigDecimal.valueOf(2), MC), MC).doubleValue();
        }
        return x < 0 ? -r : r;
    }

    // ---------------------------------------------------------------------------------------
    // double
    // ---------------------------------------------------------------------------------------

    @Test
    void expDouble() {
        DKernel k = VecMath::exp;
        DRef r = StrictMath::exp;
        sweep("exp", k, r, uniform(-745.2, 709.8, N), 2);
        sweep("exp", k, r, uniform(-40, 40, N), 2);
        sweep("exp", k, r, logUniform(-60, 3, true, N), 2);
        sweep("exp", k, r, dense(-745.2, N / 4), 2);
        sweep("exp", k, r, dense(709.7, N / 4), 2);
        sweep("exp", k, r, dense(-708.5, N / 4), 2);
        specials("exp", k, r, concat(COMMON_SPECIALS, new double[] {709.78, 709.79, 710, -745.13, -745.14,
            -746, -720, -708.4, -1000, 1000}), 0.5);
    }

    @Test
    void logDouble() {
        DKernel k = VecMath::log;
        DRef r = StrictMath::log;
        sweep("log", k, r, logUniform(-1022, 1023, false, N), 2);
        sweep("log", k, r, uniform(0.5, 2, N), 2);
        sweep("log", k, r, dense(1.0 - 1e-11, N / 2), 2);
        sweep("log", k, r, dense(Math.sqrt(0.5) - 1e-11, N / 4), 2);
        sweep("log", k, r, logUniform(-1074, -1022, false, N / 4), 2);
        specials("log", k, r, concat(COMMON_SPECIALS, new double[] {-5, 4.9e-324}), 2.0);
    }

    static double[] nearPiMultiples(int n, int maxK) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double m = (RND.nextInt(2 * maxK) - maxK) * (Math.PI / 2);
            long b = Double.doubleToRawLongBits(m) + RND.nextInt(64) - 32;
            a[i] = Double.longBitsToDouble(b);
        }
        return a;
    }

    @Test
    void sinCosDouble() {
        for (int w = 0; w < 2; w++) {
            String name = w == 0 ? "sin" : "cos";
            DKernel k = w == 0 ? VecMath::sin : VecMath::cos;
            DRef r = w == 0 ? StrictMath::sin : StrictMath::cos;
            sweep(name, k, r, uniform(-10, 10, N), 2);
            sweep(name, k, r, uniform(-1e5, 1e5, N), 2);
            sweep(name, k, r, uniform(-0x1p28, 0x1p28, N), 2);
            sweep(name, k, r, logUniform(-60, 40, true, N), 2);
            sweep(name, k, r, nearPiMultiples(N, 1 << 20), 2);
            sweep(name, k, r, dense(Math.PI / 4 - 1e-11, N / 4), 2);
            specials(name, k, r, concat(COMMON_SPECIALS, new double[] {Math.PI, Math.PI / 2, 1e6, 0x1p28,
                0x1p29, 1e22, -1e22}), 0.5);
        }
    }

    @Test
    void atanDouble() {
        DKernel k = VecMath::atan;
        DRef r = StrictMath::atan;
        sweep("atan", k, r, uniform(-4, 4, N), 2);
        sweep("atan", k, r, logUniform(-70, 70, true, N), 2);
        sweep("atan", k, r, logUniform(-1074, 1023, true, N / 4), 2);
        for (double b : new double[] {0.4375, 0.6875, 1.1875, 2.4375}) {
            sweep("atan", k, r, dense(b - 1e-12, N / 8), 2);
        }
        specials("atan", k, r, COMMON_SPECIALS, 0.5);
    }

    @Test
    void tanhDouble() {
        DKernel k = VecMath::tanh;
        // StrictMath.tanh (fdlibm) is itself up to 2.1 ulp off: compare with the exact value
        DRef r = VecMathTest::tanhRef;
        sweep("tanh", k, r, uniform(-25, 25, N / 4), 2);
        sweep("tanh", k, r, uniform(-1.5, 1.5, N / 4), 2);
        sweep("tanh", k, r, logUniform(-60, 6, true, N / 4), 2);
        sweep("tanh", k, r, dense(1.0 - 1e-11, N / 8), 2);
        specials("tanh", k, r, concat(COMMON_SPECIALS, new double[] {22, -22, 23, 1e-320}), 0.5);
        specials("tanh", k, StrictMath::tanh, COMMON_SPECIALS, 0.5);
        // and within 2 ulp of StrictMath.tanh on the ordinary range
        sweep("tanh~SM", k, StrictMath::tanh, uniform(-3, 3, N), 2);
    }

    @Test
    void sigmoidDouble() {
        DKernel k = VecMath::sigmoid;
        DRef r = VecMathTest::sigmoidRef;
        sweep("sigmoid", k, r, uniform(-40, 40, N / 4), 2);
        sweep("sigmoid", k, r, uniform(-750, 750, N / 4), 2);
        sweep("sigmoid", k, r, logUniform(-60, 6, true, N / 4), 2);
        specials("sigmoid", k, r, concat(COMMON_SPECIALS, new double[] {-745, -744, -720, -709, 40, 800}), 0.5);
    }

    @Test
    void expm1Double() {
        DKernel k = VecMath::expm1;
        DRef r = StrictMath::expm1;
        sweep("expm1", k, r, uniform(-50, 709.7, N), 2);
        sweep("expm1", k, r, uniform(-3, 3, N), 2);
        sweep("expm1", k, r, logUniform(-80, 4, true, N), 2);
        sweep("expm1", k, r, dense(0.3466 - 1e-12, N / 4), 2);
        sweep("expm1", k, r, dense(-0.3466 - 1e-12, N / 4), 2);
        specials("expm1", k, r, concat(COMMON_SPECIALS, new double[] {709.78, 709.79, -45, -46, -1000}), 0.5);
    }

    @Test
    void log1pDouble() {
        DKernel k = VecMath::log1p;
        DRef r = StrictMath::log1p;
        sweep("log1p", k, r, uniform(-1, 3, N), 2);
        sweep("log1p", k, r, logUniform(-80, 1023, true, N), 2); // x <= -1: NaN in both
        sweep("log1p", k, r, logUniform(-80, 1023, false, N), 2);
        sweep("log1p", k, r, dense(Math.sqrt(2) - 1 - 1e-12, N / 4), 2);
        sweep("log1p", k, r, dense(Math.sqrt(0.5) - 1 - 1e-12, N / 4), 2);
        sweep("log1p", k, r, dense(-1 + 1e-12, N / 8), 2);
        specials("log1p", k, r, concat(COMMON_SPECIALS, new double[] {-1.5, -0.999999, 1e-320}), 0.5);
    }

    static double[] powBases(int n) {
        double[] a = logUniform(-1020, 1020, false, n);
        return a;
    }

    @Test
    void powDoubleScalarExponent() {
        double[] ps = {3, -2, 1.5, -0.5, 0.5, 2, 1, 0, -1, 7, 1e-3, 0.3333333333333333, 2.5, 100, -31, 1e10};
        double[] bases = concat(uniform(-10, 10, N / 4), logUniform(-40, 40, true, N / 4),
                new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, -Double.MIN_VALUE, 1, -1, 1e300, -1e300, 1e-300});
        for (double p : ps) {
            DKernel k = (x, xo, y, yo, n) -> VecMath.pow(x, xo, p, y, yo, n);
            sweep("pow^" + p, k, x -> Math.pow(x, p), bases, 4);
            specials("pow^" + p, k, x -> Math.pow(x, p), COMMON_SPECIALS, 1.5);
        }
        for (double p : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            DKernel k = (x, xo, y, yo, n) -> VecMath.pow(x, xo, p, y, yo, n);
            specials("pow^" + p, k, x -> Math.pow(x, p), COMMON_SPECIALS, 1.5);
        }
    }

    @Test
    void powDoubleElementwise() {
        int n = N;
        // general: |b log a| up to ~700 (results from 1e-304 to 1e304)
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double la = (RND.nextDouble() * 2 - 1) * 700;
            a[i] = Math.exp(la * RND.nextDouble());
            double lnA = Math.log(a[i]);
            double lim = lnA == 0 ? 1 : Math.abs(700 / lnA);
            b[i] = (RND.nextDouble() * 2 - 1) * Math.min(lim, 1e15);
        }
        double w = sweep2("pow(a,b)", a, b, 4);
        // results near 1e+-300 with large exponents
        for (int i = 0; i < n; i++) {
            a[i] = 1 + RND.nextDouble() * 1e-6;
            b[i] = (RND.nextBoolean() ? 1 : -1) * (680 + RND.nextDouble() * 25) / Math.log(a[i]);
        }
        w = Math.max(w, sweep2("pow(1+e,big)", a, b, 4));
        for (int i = 0; i < n; i++) {
            a[i] = Math.scalb(1 + RND.nextDouble(), RND.nextInt(2000) - 1000);
            b[i] = RND.nextDouble() * (RND.nextBoolean() ? 1.2 : -1.2);
        }
        w = Math.max(w, sweep2("pow(wide,b)", a, b, 4));
        // negative bases with integer exponents, and non-integers (NaN)
        for (int i = 0; i < n; i++) {
            a[i] = -Math.exp((RND.nextDouble() * 2 - 1) * 20);
            b[i] = i % 4 == 0 ? RND.nextDouble() * 10 : RND.nextInt(61) - 30;
        }
        w = Math.max(w, sweep2("pow(-a,int)", a, b, 4));
        // overflow / underflow / subnormal results
        for (int i = 0; i < n; i++) {
            a[i] = RND.nextBoolean() ? 1e-10 * (1 + RND.nextDouble()) : 1e10 * (1 + RND.nextDouble());
            b[i] = (RND.nextDouble() * 2 - 1) * 40;
        }
        w = Math.max(w, sweep2("pow(range)", a, b, 4));
        // all special combinations
        double[] sp = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1, -1, 2, -2,
            0.5, -0.5, 3, -3, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 0x1p52, -0x1p52, 0x1p53 + 2,
            0x1p51 + 1, -(0x1p51 + 1), 1.5, -1.5, 1e18, -1e18};
        int m = sp.length * sp.length;
        double[] sa = new double[m];
        double[] sb = new double[m];
        for (int i = 0; i < sp.length; i++) {
            for (int j = 0; j < sp.length; j++) {
                sa[i * sp.length + j] = sp[i];
                sb[i * sp.length + j] = sp[j];
            }
        }
        double[] y = new double[m];
        VecMath.pow(sa, 0, sb, 0, y, 0, m);
        for (int i = 0; i < m; i++) {
            double want = Math.pow(sa[i], sb[i]);
            if (Double.isNaN(want) || Double.isInfinite(want) || want == 0) {
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(y[i]),
                        "pow(" + sa[i] + ", " + sb[i] + ")");
            } else {
                assertTrue(ulps(y[i], want) <= 4, "pow(" + sa[i] + ", " + sb[i] + ") = " + y[i] + " want " + want);
            }
        }
    }

    static double sweep2(String name, double[] a, double[] b, double tol) {
        int n = a.length;
        double[] y = new double[n];
        double worst = 0;
        String where = "";
        for (int pass = 0; pass < 2; pass++) {
            int o = pass;
            int len = n - 3 * pass;
            VecMath.pow(a, o, b, o, y, 2 * o, len);
            for (int i = 0; i < len; i++) {
                double u = ulps(y[2 * o + i], Math.pow(a[o + i], b[o + i]));
                if (u > worst) {
                    worst = u;
                    where = "a=" + a[o + i] + " b=" + b[o + i] + " got " + y[2 * o + i];
                }
            }
        }
        System.out.printf("  %-10s %-28s max %.0f ulp  %s%n", name, "(" + n + " args)", worst, where);
        assertTrue(worst <= tol, name + ": " + worst + " ulp at " + where);
        return worst;
    }

    // ---------------------------------------------------------------------------------------
    // float
    // ---------------------------------------------------------------------------------------

    static final double FTOL = 2;

    @Test
    void floatKernels() {
        FKernel exp = VecMath::exp;
        FRef exr = x -> (float) StrictMath.exp(x);
        sweepF("exp", exp, exr, toF(uniform(-104, 89, N)), FTOL);
        sweepF("exp", exp, exr, denseF(-104f, N / 2), FTOL);
        specialsF("exp", exp, exr, commonSpecialsF(), 0.5f);

        FKernel log = VecMath::log;
        FRef lr = x -> (float) StrictMath.log(x);
        sweepF("log", log, lr, toF(logUniform(-126, 127, false, N)), FTOL);
        sweepF("log", log, lr, denseF(0.99f, N), FTOL);
        sweepF("log", log, lr, denseF(Float.MIN_VALUE, N / 4), FTOL);
        specialsF("log", log, lr, commonSpecialsF(), 2f);

        for (int w = 0; w < 2; w++) {
            FKernel k = w == 0 ? VecMath::sin : VecMath::cos;
            FRef r = w == 0 ? x -> (float) StrictMath.sin(x) : x -> (float) StrictMath.cos(x);
            String name = w == 0 ? "sin" : "cos";
            sweepF(name, k, r, toF(uniform(-10, 10, N)), FTOL);
            sweepF(name, k, r, toF(uniform(-1e5, 1e5, N)), FTOL);
            sweepF(name, k, r, toF(uniform(-0x1p25, 0x1p25, N)), FTOL);
            sweepF(name, k, r, toF(logUniform(-40, 20, true, N)), FTOL);
            specialsF(name, k, r, commonSpecialsF(), 0.5f);
        }

        FKernel atan = VecMath::atan;
        FRef ar = x -> (float) StrictMath.atan(x);
        sweepF("atan", atan, ar, toF(uniform(-4, 4, N)), FTOL);
        sweepF("atan", atan, ar, toF(logUniform(-126, 127, true, N)), FTOL);
        specialsF("atan", atan, ar, commonSpecialsF(), 0.5f);

        FKernel tanh = VecMath::tanh;
        FRef tr = x -> (float) StrictMath.tanh(x);
        sweepF("tanh", tanh, tr, toF(uniform(-12, 12, N)), FTOL);
        sweepF("tanh", tanh, tr, toF(logUniform(-40, 4, true, N)), FTOL);
        specialsF("tanh", tanh, tr, commonSpecialsF(), 0.5f);

        FKernel sig = VecMath::sigmoid;
        FRef sr = x -> (float) ScalarMathDouble.sigmoidByExp(x); // double errors vanish in the float rounding
        sweepF("sigmoid", sig, sr, toF(uniform(-110, 110, N / 2)), FTOL);
        sweepF("sigmoid", sig, sr, toF(logUniform(-40, 4, true, N / 2)), FTOL);
        specialsF("sigmoid", sig, sr, commonSpecialsF(), 0.5f);

        FKernel em1 = VecMath::expm1;
        FRef er = x -> (float) StrictMath.expm1(x);
        sweepF("expm1", em1, er, toF(uniform(-20, 89, N)), FTOL);
        sweepF("expm1", em1, er, toF(logUniform(-60, 3, true, N)), FTOL);
        specialsF("expm1", em1, er, commonSpecialsF(), 0.5f);

        FKernel l1p = VecMath::log1p;
        FRef l1r = x -> (float) StrictMath.log1p(x);
        sweepF("log1p", l1p, l1r, toF(uniform(-1, 3, N)), FTOL);
        sweepF("log1p", l1p, l1r, toF(logUniform(-60, 127, false, N)), FTOL);
        sweepF("log1p", l1p, l1r, toF(logUniform(-60, 0, true, N)), FTOL);
        specialsF("log1p", l1p, l1r, commonSpecialsF(), 0.5f);
    }

    @Test
    void floatPow() {
        double[] ps = {3, -2, 1.5, -0.5, 0.5, 2, 1, 0, -1, 7, 0.3333333333333333, 2.5, 30, -31};
        float[] bases = toF(concat(uniform(-10, 10, N / 4), logUniform(-30, 30, true, N / 4)));
        for (double p : ps) {
            FKernel k = (x, xo, y, yo, n) -> VecMath.pow(x, xo, p, y, yo, n);
            FRef r = x -> (float) Math.pow(x, p);
            sweepF("pow^" + p, k, r, bases, FTOL);
            specialsF("pow^" + p, k, r, commonSpecialsF(), 1.5f);
        }
        int n = N;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.exp((RND.nextDouble() * 2 - 1) * 80);
            double lnA = Math.log(a[i]);
            b[i] = (float) ((RND.nextDouble() * 2 - 1) * Math.min(100 / Math.max(Math.abs(lnA), 1e-3), 1e6));
            if (i % 5 == 0) {
                a[i] = -a[i];
                b[i] = i % 10 == 0 ? Math.round(b[i] % 40) : b[i];
            }
        }
        float[] y = new float[n];
        VecMath.pow(a, 0, b, 0, y, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, ulps(y[i], (float) Math.pow(a[i], b[i])));
        }
        System.out.printf("  %-10s %-28s max %.0f ulp%n", "pow(a,b)", "(" + n + " args, float)", worst);
        assertTrue(worst <= FTOL, "float pow(a,b): " + worst);
        float[] sp = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1, -1, 2, -2, 0.5f,
            -0.5f, 3, -3, 1e30f, -1e30f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p24f, -0x1p24f, 0x1p24f + 2, 1.5f};
        int m = sp.length * sp.length;
        float[] sa = new float[m];
        float[] sb = new float[m];
        for (int i = 0; i < sp.length; i++) {
            for (int j = 0; j < sp.length; j++) {
                sa[i * sp.length + j] = sp[i];
                sb[i * sp.length + j] = sp[j];
            }
        }
        float[] sy = new float[m];
        VecMath.pow(sa, 0, sb, 0, sy, 0, m);
        for (int i = 0; i < m; i++) {
            float want = (float) Math.pow(sa[i], sb[i]);
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0) {
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(sy[i]), "pow(" + sa[i] + ", " + sb[i] + ")");
            } else {
                assertTrue(ulps(sy[i], want) <= FTOL, "pow(" + sa[i] + ", " + sb[i] + ") = " + sy[i] + " want " + want);
            }
        }
    }

    @Test
    void inPlaceAndShortArrays() {
        for (int n = 0; n < 40; n++) {
            double[] x = uniform(-3, 3, n);
            double[] want = new double[n];
            for (int i = 0; i < n; i++) {
                want[i] = StrictMath.sin(x[i]);
            }
            VecMath.sin(x, 0, x, 0, n); // in place
            for (int i = 0; i < n; i++) {
                assertTrue(ulps(x[i], want[i]) <= 2, "in-place sin n=" + n);
            }
        }
        // every kernel: in place (with special values sprinkled in) == out of place, bit for bit
        DKernel[] ks = {VecMath::exp, VecMath::log, VecMath::sin, VecMath::cos, VecMath::atan, VecMath::tanh,
            VecMath::sigmoid, VecMath::expm1, VecMath::log1p, (x, xo, y, yo, n) -> VecMath.pow(x, xo, 2.5, y, yo, n),
            (x, xo, y, yo, n) -> VecMath.pow(x, xo, 3.0, y, yo, n)};
        int n = 2000;
        double[] base = uniform(-800, 800, n);
        for (int i = 0; i < n; i += 97) {
            base[i] = COMMON_SPECIALS[(i / 97) % COMMON_SPECIALS.length];
        }
        for (DKernel k : ks) {
            double[] out = new double[n];
            k.run(base, 0, out, 0, n);
            double[] in = base.clone();
            k.run(in, 0, in, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(out[i]), Double.doubleToLongBits(in[i]), "in place, x=" + base[i]);
            }
        }
        double[] a = uniform(-5, 5, n);
        double[] b = uniform(-4, 4, n);
        for (int i = 0; i < n; i += 89) {
            a[i] = COMMON_SPECIALS[(i / 89) % COMMON_SPECIALS.length];
            b[i + 1] = COMMON_SPECIALS[(i / 89 + 3) % COMMON_SPECIALS.length];
            b[i + 2] = Math.rint(b[i + 2]);
        }
        double[] out = new double[n];
        VecMath.pow(a, 0, b, 0, out, 0, n);
        double[] ya = a.clone();
        VecMath.pow(ya, 0, b, 0, ya, 0, n);
        double[] yb = b.clone();
        VecMath.pow(a, 0, yb, 0, yb, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(out[i]), Double.doubleToLongBits(ya[i]), "pow in place (a)");
            assertEquals(Double.doubleToLongBits(out[i]), Double.doubleToLongBits(yb[i]), "pow in place (b)");
            assertTrue(ulps(out[i], Math.pow(a[i], b[i])) <= 4, "pow(" + a[i] + ", " + b[i] + ")");
        }
        float[] af = toF(a);
        float[] bf = toF(b);
        float[] outf = new float[n];
        VecMath.pow(af, 0, bf, 0, outf, 0, n);
        float[] yaf = af.clone();
        VecMath.pow(yaf, 0, bf, 0, yaf, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(outf[i]), Float.floatToIntBits(yaf[i]), "float pow in place");
        }
    }
}
