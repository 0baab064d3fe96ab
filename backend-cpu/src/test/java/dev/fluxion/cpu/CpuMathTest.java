package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Accuracy tests for {@link CpuMath}: dense sweeps against {@link StrictMath} (fdlibm) measured in
 * ulps, special values, symmetries, and for erf/erfc/sigmoid a high-precision BigDecimal reference.
 */
class CpuMathTest {

    /** Every function must be within this many ulps of its reference on every sampled point. */
    private static final long MAX_ULPS = 2;

    // ---------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------

    /** Maps a double to a long whose order is the order of the doubles (-0.0 and +0.0 coincide). */
    private static long ordered(double d) {
        long b = Double.doubleToRawLongBits(d);
        return b < 0 ? Long.MIN_VALUE - b : b;
    }

    /**
     * Distance in ulps between two results; 0 when both are NaN, Long.MAX_VALUE when exactly one is
     * NaN or the signs of two infinities/zeros-vs-nonzero disagree beyond any ulp count.
     */
    static long ulpDistance(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b ? 0 : Long.MAX_VALUE;
        }
        long d = ordered(a) - ordered(b);
        return d < 0 ? -d : d;
    }

    /** Worst case of a sweep, for the assertion message. */
    private static final class Worst {
        final String name;
        long ulps = -1;
        double arg;
        double arg2 = Double.NaN;
        double got;
        double want;
        long points;

        Worst(String name) {
            this.name = name;
        }

        void add(double x, double got, double want) {
            add(x, Double.NaN, got, want);
        }

        void add(double x, double y, double got, double want) {
            points++;
            long u = ulpDistance(got, want);
            if (u > ulps) {
                ulps = u;
                arg = x;
                arg2 = y;
                this.got = got;
                this.want = want;
            }
        }

        void check(long limit) {
            String where = Double.isNaN(arg2) ? "x=" + arg : "(y, x)=(" + arg + ", " + arg2 + ")";
            String msg = String.format("%s: max %d ulp over %d points, at %s: got %s, want %s",
                    name, ulps, points, where, got, want);
            System.out.println(msg);
            assertTrue(ulps <= limit, msg);
        }
    }

    /** Points where the algorithms switch formulas, plus the usual special values. */
    private static final double[] EDGES = {
        0.0, Double.MIN_VALUE, 2 * Double.MIN_VALUE, 1e-320, Double.MIN_NORMAL / 2, Double.MIN_NORMAL,
        0x1p-60, 0x1p-57, 0x1p-56, 0x1p-55, 0x1p-54, 0x1p-53, 0x1p-30, 0x1p-29, 0x1p-28, 0x1p-27,
        0x1p-26, 0x1p-20, 0.25, 0.2928932188134524, 0.2928934097290039, 0.3, 0.34657359027997264, 0.4142135623730950,
        0.4375, 0.5, 0.5499999523162842, 0.55, 0.6875, 0.6931471805599453, 0.84375, 0.975, 1.0, 1.0397207708399179, 1.1875, 1.25,
        2.0, 2.4375, 2.857142857142857, 6.0, 22.0, 28.0, 38.98, 0x1p53, 0x1p60, 0x1p66, 0x1p100, 1e300,
        708.0, 709.0, 709.782712893384, 709.79, 710.4758600739439, 710.5, 745.1332191019411, 746.0,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
    };

    /** Dense argument set: uniform ranges, log-spaced magnitudes, subnormals and edges (both signs). */
    private static double[] sweep(long seed, double[][] ranges, int perRange, int logCount) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Double> xs = new ArrayList<>();
        for (double[] r : ranges) {
            for (int i = 0; i < perRange; i++) {
                xs.add(r[0] + (r[1] - r[0]) * rnd.nextDouble());
            }
        }
        for (int i = 0; i < logCount; i++) { // |x| log-uniform in [1e-300, 1e300]
            double m = Math.pow(10.0, -300.0 + 600.0 * rnd.nextDouble());
            xs.add(rnd.nextBoolean() ? m : -m);
        }
        for (int i = 0; i < 2000; i++) { // subnormals
            double s = Double.longBitsToDouble(rnd.nextLong(1L, 1L << 52));
            xs.add(rnd.nextBoolean() ? s : -s);
        }
        for (double e : EDGES) {
            double v = e;
            double w = e;
            for (int k = 0; k < 4; k++) { // the edge and its neighbours
                xs.add(v);
                xs.add(-v);
                xs.add(w);
                xs.add(-w);
                v = Math.nextUp(v);
                w = Math.nextDown(w);
            }
        }
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    private static void compareWithStrict(String name, DoubleUnaryOperator f, DoubleUnaryOperator ref,
            double[][] ranges) {
        Worst w = new Worst(name);
        for (double x : sweep(name.hashCode(), ranges, 100_000, 100_000)) {
            w.add(x, f.applyAsDouble(x), ref.applyAsDouble(x));
        }
        w.check(MAX_ULPS);
    }

    private static void assertSame(double want, double got, String what) {
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                what + ": want " + want + ", got " + got);
    }

    // ---------------------------------------------------------------------------------------
    // sweeps against StrictMath
    // ---------------------------------------------------------------------------------------

    @Test
    void atanMatchesStrictMath() {
        compareWithStrict("atan", CpuMath::atan, StrictMath::atan,
                new double[][] {{-1, 1}, {-3, 3}, {-100, 100}, {-1e20, 1e20}});
    }

    @Test
    void tanhMatchesStrictMath() {
        compareWithStrict("tanh", CpuMath::tanh, StrictMath::tanh,
                new double[][] {{-1, 1}, {-5, 5}, {-25, 25}, {-0.01, 0.01}});
    }

    @Test
    void sinhMatchesStrictMath() {
        compareWithStrict("sinh", CpuMath::sinh, StrictMath::sinh,
                new double[][] {{-1, 1}, {-25, 25}, {-711, 711}, {700, 711}});
    }

    @Test
    void coshMatchesStrictMath() {
        compareWithStrict("cosh", CpuMath::cosh, StrictMath::cosh,
                new double[][] {{-1, 1}, {-25, 25}, {-711, 711}, {700, 711}});
    }

    @Test
    void asinMatchesStrictMath() {
        compareWithStrict("asin", CpuMath::asin, StrictMath::asin,
                new double[][] {{-1, 1}, {-0.6, 0.6}, {0.97, 1}, {-1, -0.999999}, {-2, 2}});
    }

    @Test
    void acosMatchesStrictMath() {
        compareWithStrict("acos", CpuMath::acos, StrictMath::acos,
                new double[][] {{-1, 1}, {-0.6, 0.6}, {0.97, 1}, {-1, -0.999999}, {-2, 2}});
    }

    @Test
    void expm1MatchesStrictMath() {
        compareWithStrict("expm1", CpuMath::expm1, StrictMath::expm1,
                new double[][] {{-1.1, 1.1}, {-5, 5}, {-40, 40}, {-800, 800}, {-1e-5, 1e-5}});
    }

    @Test
    void log1pMatchesStrictMath() {
        compareWithStrict("log1p", CpuMath::log1p, StrictMath::log1p,
                new double[][] {{-1, 1}, {-0.5, 0.5}, {-1, 10}, {0, 1e6}, {-1e-5, 1e-5}, {-1.5, -0.9}});
    }

    @Test
    void expStrictMatchesStrictMath() {
        compareWithStrict("exp (internal)", CpuMath::expStrict, StrictMath::exp,
                new double[][] {{-1, 1}, {-30, 30}, {-750, 750}, {-1e-6, 1e-6}});
    }

    @Test
    void atan2MatchesStrictMath() {
        SplittableRandom rnd = new SplittableRandom(7);
        Worst w = new Worst("atan2");
        DoubleBinaryOperator f = CpuMath::atan2;
        for (int i = 0; i < 200_000; i++) {
            double y = rnd.nextDouble(-10, 10);
            double x = rnd.nextDouble(-10, 10);
            w.add(y, x, f.applyAsDouble(y, x), StrictMath.atan2(y, x));
        }
        for (int i = 0; i < 200_000; i++) { // independent log-uniform magnitudes and signs
            double y = Math.pow(10.0, rnd.nextDouble(-300, 300)) * (rnd.nextBoolean() ? 1 : -1);
            double x = Math.pow(10.0, rnd.nextDouble(-300, 300)) * (rnd.nextBoolean() ? 1 : -1);
            w.add(y, x, f.applyAsDouble(y, x), StrictMath.atan2(y, x));
        }
        for (int i = 0; i < 50_000; i++) { // nearly equal magnitudes, and ratios around 2^60
            double x = rnd.nextDouble(-3, 3);
            double y = x * (1 + rnd.nextDouble(-1e-3, 1e-3)) * (rnd.nextBoolean() ? 1 : -1);
            w.add(y, x, f.applyAsDouble(y, x), StrictMath.atan2(y, x));
            double z = x * Math.scalb(1.0, rnd.nextInt(55, 66));
            w.add(z, x, f.applyAsDouble(z, x), StrictMath.atan2(z, x));
            w.add(x, z, f.applyAsDouble(x, z), StrictMath.atan2(x, z));
        }
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.5,
            1.0, -1.0, 2.0, -3.0, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN};
        for (double y : special) {
            for (double x : special) {
                double got = f.applyAsDouble(y, x);
                double want = StrictMath.atan2(y, x);
                w.add(y, x, got, want);
                if (want == 0.0 || Double.isInfinite(want) || Double.isNaN(want)) {
                    assertSame(want, got, "atan2(" + y + ", " + x + ")");
                }
            }
        }
        w.check(MAX_ULPS);
    }

    // ---------------------------------------------------------------------------------------
    // special values and symmetry
    // ---------------------------------------------------------------------------------------

    @Test
    void specialValues() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        // signed zeros are preserved by the odd functions
        DoubleUnaryOperator[] odd = {CpuMath::atan, CpuMath::tanh, CpuMath::sinh, CpuMath::asin, CpuMath::expm1,
            CpuMath::log1p, CpuMath::erf};
        for (DoubleUnaryOperator f : odd) {
            assertSame(0.0, f.applyAsDouble(0.0), "f(+0)");
            assertSame(-0.0, f.applyAsDouble(-0.0), "f(-0)");
            assertTrue(Double.isNaN(f.applyAsDouble(nan)), "f(NaN)");
        }
        DoubleUnaryOperator[] others = {CpuMath::cosh, CpuMath::acos, CpuMath::erfc, CpuMath::sigmoid};
        for (DoubleUnaryOperator f : others) {
            assertTrue(Double.isNaN(f.applyAsDouble(nan)), "f(NaN)");
        }
        assertSame(Math.PI / 2, CpuMath.atan(inf), "atan(inf)");
        assertSame(-Math.PI / 2, CpuMath.atan(-inf), "atan(-inf)");
        assertSame(1.0, CpuMath.tanh(inf), "tanh(inf)");
        assertSame(-1.0, CpuMath.tanh(-inf), "tanh(-inf)");
        assertSame(1.0, CpuMath.tanh(30.0), "tanh(30)");
        assertSame(inf, CpuMath.sinh(inf), "sinh(inf)");
        assertSame(-inf, CpuMath.sinh(-inf), "sinh(-inf)");
        assertSame(inf, CpuMath.sinh(711.0), "sinh(711)");
        assertSame(-inf, CpuMath.sinh(-711.0), "sinh(-711)");
        assertSame(inf, CpuMath.cosh(inf), "cosh(inf)");
        assertSame(inf, CpuMath.cosh(-inf), "cosh(-inf)");
        assertSame(1.0, CpuMath.cosh(0.0), "cosh(0)");
        assertSame(1.0, CpuMath.cosh(-0.0), "cosh(-0)");
        assertSame(inf, CpuMath.cosh(711.0), "cosh(711)");
        assertSame(StrictMath.asin(1.0), CpuMath.asin(1.0), "asin(1)");
        assertSame(StrictMath.asin(-1.0), CpuMath.asin(-1.0), "asin(-1)");
        assertTrue(Double.isNaN(CpuMath.asin(Math.nextUp(1.0))), "asin(1+ulp)");
        assertTrue(Double.isNaN(CpuMath.asin(-inf)), "asin(-inf)");
        assertSame(0.0, CpuMath.acos(1.0), "acos(1)");
        assertSame(StrictMath.acos(-1.0), CpuMath.acos(-1.0), "acos(-1)");
        assertSame(StrictMath.acos(0.0), CpuMath.acos(0.0), "acos(0)");
        assertTrue(Double.isNaN(CpuMath.acos(Math.nextDown(-1.0))), "acos(-1-ulp)");
        assertTrue(Double.isNaN(CpuMath.acos(inf)), "acos(inf)");
        assertSame(inf, CpuMath.expm1(inf), "expm1(inf)");
        assertSame(-1.0, CpuMath.expm1(-inf), "expm1(-inf)");
        assertSame(inf, CpuMath.expm1(710.0), "expm1(710)");
        assertSame(-1.0, CpuMath.expm1(-50.0), "expm1(-50)");
        assertSame(inf, CpuMath.log1p(inf), "log1p(inf)");
        assertSame(-inf, CpuMath.log1p(-1.0), "log1p(-1)");
        assertTrue(Double.isNaN(CpuMath.log1p(Math.nextDown(-1.0))), "log1p(-1-ulp)");
        assertTrue(Double.isNaN(CpuMath.log1p(-inf)), "log1p(-inf)");
        assertSame(StrictMath.expm1(709.78), CpuMath.expm1(709.78), "expm1 near overflow stays finite");
        assertSame(1.0, CpuMath.erf(inf), "erf(inf)");
        assertSame(-1.0, CpuMath.erf(-inf), "erf(-inf)");
        assertSame(0.0, CpuMath.erfc(inf), "erfc(inf)");
        assertSame(2.0, CpuMath.erfc(-inf), "erfc(-inf)");
        assertSame(1.0, CpuMath.erfc(0.0), "erfc(0)");
        assertSame(1.0, CpuMath.sigmoid(inf), "sigmoid(inf)");
        assertSame(0.0, CpuMath.sigmoid(-inf), "sigmoid(-inf)");
        assertSame(0.5, CpuMath.sigmoid(0.0), "sigmoid(0)");
        assertSame(0.5, CpuMath.sigmoid(-0.0), "sigmoid(-0)");
        assertSame(1.0, CpuMath.sigmoid(800.0), "sigmoid(800)");
        assertSame(0.0, CpuMath.sigmoid(-800.0), "sigmoid(-800)");
        assertTrue(CpuMath.sigmoid(-740.0) > 0.0, "sigmoid(-740) is a positive subnormal");
        assertTrue(ulpDistance(StrictMath.exp(-700.0), CpuMath.sigmoid(-700.0)) <= 2, "sigmoid(-700) = exp(-700)");
        assertSame(StrictMath.exp(-730.0), CpuMath.sigmoid(-730.0), "sigmoid(-730) = exp(-730)");
    }

    @Test
    void symmetries() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            double x = rnd.nextBoolean() ? rnd.nextDouble(0, 30) : Math.pow(10, rnd.nextDouble(-300, 300));
            double u = rnd.nextDouble(0, 1);
            assertSame(-CpuMath.atan(x), CpuMath.atan(-x), "atan odd at " + x);
            assertSame(-CpuMath.tanh(x), CpuMath.tanh(-x), "tanh odd at " + x);
            assertSame(-CpuMath.sinh(x), CpuMath.sinh(-x), "sinh odd at " + x);
            assertSame(CpuMath.cosh(x), CpuMath.cosh(-x), "cosh even at " + x);
            assertSame(-CpuMath.erf(x), CpuMath.erf(-x), "erf odd at " + x);
            assertSame(-CpuMath.asin(u), CpuMath.asin(-u), "asin odd at " + u);
            assertSame(-CpuMath.atan2(x, u), CpuMath.atan2(-x, u), "atan2 odd in y at " + x);
            // acos(-u) = pi - acos(u), erfc(-x) = 2 - erfc(x), sigmoid(-x) = 1 - sigmoid(x): up to rounding
            assertTrue(Math.abs(CpuMath.acos(-u) - (Math.PI - CpuMath.acos(u))) <= 2 * Math.ulp(Math.PI),
                    "acos reflection at " + u);
            assertTrue(Math.abs(CpuMath.erfc(-x) - (2 - CpuMath.erfc(x))) <= 2 * Math.ulp(2.0),
                    "erfc reflection at " + x);
            assertTrue(Math.abs(CpuMath.sigmoid(-x) - (1 - CpuMath.sigmoid(x))) <= Math.ulp(1.0),
                    "sigmoid reflection at " + x);
        }
    }

    @Test
    void monotoneAcrossBranchPoints() {
        // No function may step backwards where it switches from one formula to the next.
        DoubleUnaryOperator[] increasing = {CpuMath::atan, CpuMath::tanh, CpuMath::sinh, CpuMath::asin,
            CpuMath::expm1, CpuMath::log1p, CpuMath::erf, CpuMath::sigmoid};
        for (DoubleUnaryOperator f : increasing) {
            for (double e : EDGES) {
                if (Double.isNaN(e) || Double.isInfinite(e)) {
                    continue;
                }
                double x = e;
                for (int k = 0; k < 8; k++) {
                    x = Math.nextDown(x);
                }
                double prev = f.applyAsDouble(x);
                for (int k = 0; k < 16; k++) {
                    x = Math.nextUp(x);
                    double cur = f.applyAsDouble(x);
                    if (!Double.isNaN(cur) && !Double.isNaN(prev)) {
                        assertTrue(cur >= prev, "not monotone at " + x);
                    }
                    prev = cur;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // erf / erfc / sigmoid against a high-precision reference
    // ---------------------------------------------------------------------------------------

    /** 90 digits: enough for erfc(x) = 1 - erf(x) up to x = 8 (series cancellation ~28 digits, erfc ~1e-29). */
    private static final MathContext MC = new MathContext(90, RoundingMode.HALF_EVEN);
    /** 60 digits: enough for erf(x), |x| &lt;= 6.5 (series cancellation at most ~19 digits). */
    private static final MathContext MC_ERF = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigDecimal PI_100 = new BigDecimal("3.1415926535897932384626433832795028841971693993751"
            + "058209749445923078164062862089986280348253421170679");
    private static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(PI_100.sqrt(MC), MC);

    /** erf(x) by its Taylor series, 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)), at precision mc. */
    static BigDecimal bigErf(double xd, MathContext mc) {
        BigDecimal x = new BigDecimal(xd);
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal power = x; // (-1)^n x^(2n+1) / n!
        BigDecimal sum = x;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() - 10);
        for (int n = 1; n < 5000; n++) {
            power = power.multiply(x2, mc).divide(BigDecimal.valueOf(-n), mc);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(eps) < 0 && n > x2.doubleValue()) {
                break;
            }
        }
        return sum.multiply(TWO_OVER_SQRT_PI, mc);
    }

    static BigDecimal bigErf(double xd) {
        return bigErf(xd, MC_ERF);
    }

    /** exp(y) to about 40 significant digits: Taylor series of y/2^12 at 60 digits, then 12 squarings. */
    static BigDecimal bigExp(BigDecimal y) {
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal r = y.divide(BigDecimal.valueOf(4096), mc);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 200; n++) {
            term = term.multiply(r, mc).divide(BigDecimal.valueOf(n), mc);
            sum = sum.add(term, mc);
            if (term.abs().compareTo(new BigDecimal("1e-62")) < 0) {
                break;
            }
        }
        for (int i = 0; i < 12; i++) {
            sum = sum.multiply(sum, mc);
        }
        return sum;
    }

    /** erfc(x) for x &gt;= 8 by the asymptotic series, summed until its terms stop decreasing. */
    static BigDecimal bigErfcAsymptotic(double xd) {
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal x = new BigDecimal(xd);
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal twoX2 = x2.multiply(BigDecimal.valueOf(2), mc);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 1000; n++) {
            BigDecimal next = term.multiply(BigDecimal.valueOf(-(2L * n - 1)), mc).divide(twoX2, mc);
            if (next.abs().compareTo(term.abs()) >= 0) {
                break;
            }
            term = next;
            sum = sum.add(term, mc);
        }
        BigDecimal expMinus = BigDecimal.ONE.divide(bigExp(x2), mc);
        return sum.multiply(expMinus, mc).multiply(TWO_OVER_SQRT_PI, mc)
                .divide(x.multiply(BigDecimal.valueOf(2), mc), mc);
    }

    @Test
    void erfKnownValues() {
        double[][] known = {
            {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149}, {2.0, 0.9953222650189527},
            {3.0, 0.9999779095030014}, {-0.1, -0.1124629160182849},
        };
        for (double[] k : known) {
            assertTrue(ulpDistance(CpuMath.erf(k[0]), k[1]) <= 1,
                    "erf(" + k[0] + ") = " + CpuMath.erf(k[0]) + ", want " + k[1]);
            assertTrue(ulpDistance(bigErf(k[0]).doubleValue(), k[1]) <= 1, "reference at " + k[0]);
        }
        assertSame(0.0, CpuMath.erf(0.0), "erf(0)");
        assertSame(1.0, CpuMath.erf(6.0), "erf(6)");
        assertSame(1.0, CpuMath.erf(1e300), "erf(1e300)");
        assertSame(-1.0, CpuMath.erf(-7.5), "erf(-7.5)");
    }

    @Test
    void erfMatchesHighPrecisionReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            xs.add(rnd.nextDouble(-6.5, 6.5));
        }
        for (int i = 0; i < 1000; i++) {
            xs.add(rnd.nextDouble(-1.3, 1.3));
        }
        for (int i = 0; i < 300; i++) {
            xs.add(Math.pow(10.0, rnd.nextDouble(-310, 0)) * (rnd.nextBoolean() ? 1 : -1));
        }
        for (double e : new double[] {0x1p-28, 0.84375, 1.25, 2.857142857142857, 6.0}) {
            double v = e;
            double w = e;
            for (int k = 0; k < 4; k++) {
                xs.add(v);
                xs.add(-w);
                v = Math.nextUp(v);
                w = Math.nextDown(w);
            }
        }
        Worst w = new Worst("erf vs 60-digit Taylor series");
        double maxRel = 0;
        for (double x : xs) {
            BigDecimal ref = bigErf(x);
            double want = ref.doubleValue();
            double got = CpuMath.erf(x);
            w.add(x, got, want);
            if (want != 0) {
                double rel = new BigDecimal(got).subtract(ref, MC_ERF).divide(ref, MC_ERF).abs().doubleValue();
                maxRel = Math.max(maxRel, rel);
            }
        }
        System.out.println("erf: max relative error " + maxRel);
        assertTrue(maxRel < 1e-15, "erf relative error " + maxRel);
        w.check(MAX_ULPS);
    }

    @Test
    void erfcMatchesHighPrecisionReference() {
        SplittableRandom rnd = new SplittableRandom(5);
        Worst w = new Worst("erfc vs BigDecimal reference");
        for (int i = 0; i < 1500; i++) {
            double x = rnd.nextDouble(-6.5, 8.0);
            w.add(x, CpuMath.erfc(x), BigDecimal.ONE.subtract(bigErf(x, MC), MC).doubleValue());
        }
        for (int i = 0; i < 500; i++) {
            double x = rnd.nextDouble(8.0, 27.5);
            w.add(x, CpuMath.erfc(x), bigErfcAsymptotic(x).doubleValue());
        }
        w.check(MAX_ULPS);
        assertSame(0.0, CpuMath.erfc(28.0), "erfc(28) underflows");
        assertSame(2.0, CpuMath.erfc(-6.0), "erfc(-6)");
    }

    @Test
    void tanhMatchesHighPrecisionReference() {
        // StrictMath.tanh (fdlibm) is itself up to 1.95 ulp off near |x| = 0.5; CpuMath.tanh is not
        // bit-identical to it, so it is also held to the exact value.
        SplittableRandom rnd = new SplittableRandom(21);
        MathContext mc = new MathContext(40, RoundingMode.HALF_EVEN);
        Worst w = new Worst("tanh vs BigDecimal reference");
        for (int i = 0; i < 12_000; i++) {
            double x;
            if (i < 8000) {
                x = rnd.nextDouble(-1.5, 1.5);
            } else if (i < 10_000) {
                x = rnd.nextDouble(-20, 20);
            } else {
                x = Math.pow(10, rnd.nextDouble(-20, 0)) * (rnd.nextBoolean() ? 1 : -1);
            }
            BigDecimal e = bigExp(new BigDecimal(2 * x)); // 2x is exact
            double want = e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), mc).doubleValue();
            w.add(x, CpuMath.tanh(x), want);
        }
        w.check(1);
    }

    @Test
    void sigmoidMatchesHighPrecisionReference() {
        SplittableRandom rnd = new SplittableRandom(9);
        MathContext mc = new MathContext(40, RoundingMode.HALF_EVEN);
        Worst w = new Worst("sigmoid vs BigDecimal reference");
        for (int i = 0; i < 10_000; i++) {
            double x = i < 7_000 ? rnd.nextDouble(-40, 40) : rnd.nextDouble(-745, 40);
            BigDecimal e = bigExp(new BigDecimal(-x));
            double want = BigDecimal.ONE.divide(BigDecimal.ONE.add(e, mc), mc).doubleValue();
            w.add(x, CpuMath.sigmoid(x), want);
        }
        w.check(MAX_ULPS);
    }
}
