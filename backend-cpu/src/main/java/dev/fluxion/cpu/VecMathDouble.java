package dev.fluxion.cpu;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision SIMD kernels behind {@link VecMath}. See there for the contract.
 *
 * <p>Structure: straight-line (branch-free) vector code over whole vectors, with one test per
 * vector (or per chunk) for lanes needing rare special handling (huge or non-finite arguments,
 * zeros, ...), which are then recomputed with scalar {@code Math} (or sent through a vectorised
 * variant, for exp). Three JIT constraints of JDK 17's Vector API shape the code:
 * <ul>
 *   <li>C2 stops inlining a method's Vector API calls once its parse graph passes ~18000 nodes
 *       ({@code NodeCountInliningCutoff}); every vector then becomes a heap object and the
 *       kernel runs 5-20x slower. Long kernels (sin/cos, tanh, sigmoid, expm1, log1p, pow) are
 *       therefore split into stages over chunks of {@link #CHUNK} elements that pass
 *       intermediate vectors through small per-thread scratch arrays (L1-resident), and
 *       constants are {@code static final} vectors rather than broadcasts at each use.
 *   <li>Never broadcast a run-time (non-constant) scalar inside a loop (for example
 *       {@code v.add(someLong)}): C2 then also gives up on intrinsics; broadcast once before the
 *       loop.
 *   <li>No helper methods taking or returning vectors: one that C2 does not inline (say,
 *       because it was already compiled on its own into a big method) boxes every vector.
 * </ul>
 *
 * <p>Algorithms: Cody–Waite argument reduction with an FMA (the first step is exact), minimax
 * polynomials evaluated in double (the polynomial coefficients of exp/expm1 and of the pow
 * logarithm were fitted for this class with a Remez exchange; the log, sin/cos kernels and atan
 * are Sun fdlibm 5.3's coefficients: Copyright (C) 1993 by Sun Microsystems, Inc. All rights
 * reserved. Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy,
 * modify, and distribute this software is freely granted, provided that this notice is
 * preserved.)
 */
final class VecMathDouble {

    private VecMathDouble() {
    }

    private static final VectorSpecies<Double> D = VecMath.D;
    private static final VectorSpecies<Long> LS = VecMath.LS;
    private static final int L = D.length();
    private static final boolean ACCEL = VecMath.ACCELERATED;

    // --- shared constants ---------------------------------------------------------------------

    /** 1.5 * 2^52: adding it rounds to an integer, which then sits in the low mantissa bits. */
    static final double SHIFT = 0x1.8p52;
    static final long SHIFT_BITS = 0x4338000000000000L;
    static final double INV_LN2 = 0x1.71547652b82fep0;
    /** ln 2 = LN2_HI + LN2_LO; LN2_HI is ln 2 rounded to double. */
    static final double LN2_HI = 0x1.62e42fefa39efp-1;
    static final double LN2_LO = 0x1.abc9e3b39803fp-56;

    /** Minimax Q on [-0.3466, 0.3466] for expm1(r) = r + r^2 Q(r); rel. error of Q 2^-57. */
    static final double E0 = 0x1.0000000000000p-1;
    static final double E1 = 0x1.5555555555557p-3;
    static final double E2 = 0x1.555555555554ep-5;
    static final double E3 = 0x1.11111111100ecp-7;
    static final double E4 = 0x1.6c16c16c1a07cp-10;
    static final double E5 = 0x1.a01a01abe0618p-13;
    static final double E6 = 0x1.a01a019060476p-16;
    static final double E7 = 0x1.71de0246e24a1p-19;
    static final double E8 = 0x1.27e510dc6b9afp-22;
    static final double E9 = 0x1.af4dc1c3729f7p-26;
    static final double E10 = 0x1.1f19f599b2762p-29;

    /** |x| below this: exp(x) has k in [-1021, 1021], one exponent scaling suffices. */
    static final double EXP_FAST_MAX = 708.0;

    // fdlibm log: Lg1..Lg7 and the split ln 2 (LN2_HI_32 has 32 significant bits)
    static final double LG1 = 6.666666666666735130e-01;
    static final double LG2 = 3.999999999940941908e-01;
    static final double LG3 = 2.857142874366239149e-01;
    static final double LG4 = 2.222219843214978396e-01;
    static final double LG5 = 1.818357216161805012e-01;
    static final double LG6 = 1.531383769920937332e-01;
    static final double LG7 = 1.479819860511658591e-01;
    static final double LN2_HI_32 = 6.93147180369123816490e-01;
    static final double LN2_LO_32 = 1.90821492927058770002e-10;
    /** Added to the bits of x so that the mantissa lands in [sqrt(2)/2, sqrt(2)). */
    static final long LOG_OFF = 0x3ff0000000000000L - 0x3fe6a09e667f3bcdL;
    static final long LOG_M0 = 0x3fe6a09e667f3bcdL;
    static final long MANT = 0x000fffffffffffffL;
    /** 2^52 + 1023: ((bits >>> 52) | bits(2^52)) - this = the unbiased exponent as a double. */
    static final double EXP_BIAS_D = 0x1p52 + 1023;
    static final long TWO52_BITS = 0x4330000000000000L;

    // sin / cos
    static final double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
    /** pi/2 = PIO2_1 + PIO2_2 + PIO2_3 (+ 2^-160) */
    static final double PIO2_1 = 0x1.921fb54442d18p0;
    static final double PIO2_2 = 0x1.1a62633145c07p-54;
    static final double PIO2_3 = -0x1.f1976b7ed8fbcp-110;
    /** Beyond this |x| the reduction is done by scalar Math (Payne-Hanek in the JDK). */
    static final double TRIG_MAX = 0x1p28;
    static final double S1 = -1.66666666666666324348e-01;
    static final double S2 = 8.33333333332248946124e-03;
    static final double S3 = -1.98412698298579493134e-04;
    static final double S4 = 2.75573137070700676789e-06;
    static final double S5 = -2.50507602534068634195e-08;
    static final double S6 = 1.58969099521155010221e-10;
    static final double C1 = 4.16666666666666019037e-02;
    static final double C2 = -1.38888888888741095749e-03;
    static final double C3 = 2.48015872894767294178e-05;
    static final double C4 = -2.75573143513906633035e-07;
    static final double C5 = 2.08757232129817482790e-09;
    static final double C6 = -1.13596475577881948265e-11;

    // atan (fdlibm)
    static final double AT0 = 3.33333333333329318027e-01;
    static final double AT1 = -1.99999999998764832476e-01;
    static final double AT2 = 1.42857142725034663711e-01;
    static final double AT3 = -1.11111104054623557880e-01;
    static final double AT4 = 9.09088713343650656196e-02;
    static final double AT5 = -7.69187620504482999495e-02;
    static final double AT6 = 6.66107313738753120669e-02;
    static final double AT7 = -5.83357013379057348645e-02;
    static final double AT8 = 4.97687799461593236017e-02;
    static final double AT9 = -3.65315727442169155270e-02;
    static final double AT10 = 1.62858201153657823623e-02;
    static final double ATAN_HI1 = 4.63647609000806093515e-01;
    static final double ATAN_HI2 = 7.85398163397448278999e-01;
    static final double ATAN_HI3 = 9.82793723247329054082e-01;
    static final double ATAN_HI4 = 1.57079632679489655800e+00;
    static final double ATAN_LO1 = 2.26987774529616870924e-17;
    static final double ATAN_LO2 = 3.06161699786838301793e-17;
    static final double ATAN_LO3 = 1.39033110312309984516e-17;
    static final double ATAN_LO4 = 6.12323399573676603587e-17;

    // pow: log(m) = 2s + (2/3)s^3 + s^5 R(s^2), R minimax on [0, 0.02944], rel. error 2^-53.8
    static final double R0 = 0x1.999999999999ap-2;
    static final double R1 = 0x1.2492492492522p-2;
    static final double R2 = 0x1.c71c71c6ea8a9p-3;
    static final double R3 = 0x1.745d177aa7ee1p-3;
    static final double R4 = 0x1.3b1395cb4cb2fp-3;
    static final double R5 = 0x1.1118c937bbe73p-3;
    static final double R6 = 0x1.df7c8767c8b5bp-4;
    static final double R7 = 0x1.e030ec15abd4fp-4;
    static final double TWO_THIRDS_HI = 0x1.5555555555555p-1;
    static final double TWO_THIRDS_LO = 0x1.5555555555555p-55;
    /** |b * log a| is clamped to this before the exponential (results are then 0 or Inf). */
    static final double POW_Y_MAX = 1100.0;

    // --- vector constants (static final vectors keep C2's parse graph small: a broadcast per
    // use inflates it, and C2 stops inlining a method's Vector API calls past ~18000 nodes) ---

    private static DoubleVector k(double v) {
        return DoubleVector.broadcast(D, v);
    }

    private static final DoubleVector V_SHIFT = k(SHIFT);
    private static final DoubleVector V_INV_LN2 = k(INV_LN2);
    private static final DoubleVector V_NLN2_HI = k(-LN2_HI);
    private static final DoubleVector V_NLN2_LO = k(-LN2_LO);
    private static final DoubleVector V_LN2_HI = k(LN2_HI);
    private static final DoubleVector V_LN2_LO = k(LN2_LO);
    private static final DoubleVector V_E0 = k(E0);
    private static final DoubleVector V_E1 = k(E1);
    private static final DoubleVector V_E2 = k(E2);
    private static final DoubleVector V_E3 = k(E3);
    private static final DoubleVector V_E4 = k(E4);
    private static final DoubleVector V_E5 = k(E5);
    private static final DoubleVector V_E6 = k(E6);
    private static final DoubleVector V_E7 = k(E7);
    private static final DoubleVector V_E8 = k(E8);
    private static final DoubleVector V_E9 = k(E9);
    private static final DoubleVector V_E10 = k(E10);
    private static final DoubleVector V_ONE = k(1.0);
    private static final DoubleVector V_TWO = k(2.0);
    private static final DoubleVector V_HALF = k(0.5);
    private static final DoubleVector V_ZERO = k(0.0);
    private static final DoubleVector V_LG1 = k(LG1);
    private static final DoubleVector V_LG2 = k(LG2);
    private static final DoubleVector V_LG3 = k(LG3);
    private static final DoubleVector V_LG4 = k(LG4);
    private static final DoubleVector V_LG5 = k(LG5);
    private static final DoubleVector V_LG6 = k(LG6);
    private static final DoubleVector V_LG7 = k(LG7);
    private static final DoubleVector V_LN2_HI_32 = k(LN2_HI_32);
    private static final DoubleVector V_LN2_LO_32 = k(LN2_LO_32);
    private static final DoubleVector V_EXP_BIAS_D = k(EXP_BIAS_D);
    private static final DoubleVector V_TWO_OVER_PI = k(TWO_OVER_PI);
    private static final DoubleVector V_NPIO2_1 = k(-PIO2_1);
    private static final DoubleVector V_PIO2_2 = k(PIO2_2);
    private static final DoubleVector V_PIO2_3 = k(PIO2_3);
    private static final DoubleVector V_TRIG_MAX = k(TRIG_MAX);
    private static final DoubleVector V_S1 = k(S1);
    private static final DoubleVector V_S2 = k(S2);
    private static final DoubleVector V_S3 = k(S3);
    private static final DoubleVector V_S4 = k(S4);
    private static final DoubleVector V_S5 = k(S5);
    private static final DoubleVector V_S6 = k(S6);
    private static final DoubleVector V_C1 = k(C1);
    private static final DoubleVector V_C2 = k(C2);
    private static final DoubleVector V_C3 = k(C3);
    private static final DoubleVector V_C4 = k(C4);
    private static final DoubleVector V_C5 = k(C5);
    private static final DoubleVector V_C6 = k(C6);
    private static final DoubleVector V_AT0 = k(AT0);
    private static final DoubleVector V_AT1 = k(AT1);
    private static final DoubleVector V_AT2 = k(AT2);
    private static final DoubleVector V_AT3 = k(AT3);
    private static final DoubleVector V_AT4 = k(AT4);
    private static final DoubleVector V_AT5 = k(AT5);
    private static final DoubleVector V_AT6 = k(AT6);
    private static final DoubleVector V_AT7 = k(AT7);
    private static final DoubleVector V_AT8 = k(AT8);
    private static final DoubleVector V_AT9 = k(AT9);
    private static final DoubleVector V_AT10 = k(AT10);
    private static final DoubleVector V_R0 = k(R0);
    private static final DoubleVector V_R1 = k(R1);
    private static final DoubleVector V_R2 = k(R2);
    private static final DoubleVector V_R3 = k(R3);
    private static final DoubleVector V_R4 = k(R4);
    private static final DoubleVector V_R5 = k(R5);
    private static final DoubleVector V_R6 = k(R6);
    private static final DoubleVector V_R7 = k(R7);
    private static final DoubleVector V_T23_HI = k(TWO_THIRDS_HI);
    private static final DoubleVector V_T23_LO = k(TWO_THIRDS_LO);
    private static final DoubleVector V_THREE = k(3.0);
    private static final DoubleVector V_EXP_FAST_MAX = k(EXP_FAST_MAX);

    // --- chunked multi-stage kernels ---------------------------------------------------------
    // Kernels with many operations are split into stages over chunks of CHUNK elements that pass
    // intermediate vectors through small per-thread scratch arrays (L1-resident): each stage
    // method then stays well below C2's inlining budget.

    static final int CHUNK = 256;

    private static final class Scratch {
        final double[] a = new double[CHUNK];
        final double[] b = new double[CHUNK];
        final double[] c = new double[CHUNK];
        final double[] d = new double[CHUNK];
        final double[] x1 = new double[CHUNK];
        final double[] x2 = new double[CHUNK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ===========================================================================================
    // exp
    // ===========================================================================================

    /**
     * {@code y = exp(x)}. Method: k = rint(x/ln2) by the 1.5*2^52 shift, r = x - k ln2 with an
     * exact FMA step and its rounding error carried as a tail, e^r = 1 + (r + r^2 Q(r)) with a
     * degree-10 minimax Q, scaling by 2^k through the exponent bits. Vectors with some |x| &gt;
     * 708 take a variant that clamps x to [-746, 710] and scales in two steps (subnormal results,
     * overflow to Inf, underflow to 0). NaN propagates.
     * Measured: max 1 ulp from StrictMath.exp (0.95 ulp from the exact value).
     */
    static void exp(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                if (v.abs().compare(GT, V_EXP_FAST_MAX).anyTrue()) {
                    expWide(x, xo + i, y, yo + i);
                    continue;
                }
                DoubleVector kr = v.fma(V_INV_LN2, V_SHIFT);
                DoubleVector k = kr.sub(V_SHIFT);
                DoubleVector r1 = k.fma(V_NLN2_HI, v);           // exact
                DoubleVector cc = k.mul(V_NLN2_LO);
                DoubleVector r = r1.add(cc);
                DoubleVector rl = r1.sub(r).add(cc);
                DoubleVector q = r.fma(V_E10, V_E9).fma(r, V_E8).fma(r, V_E7).fma(r, V_E6)
                        .fma(r, V_E5).fma(r, V_E4).fma(r, V_E3).fma(r, V_E2).fma(r, V_E1)
                        .fma(r, V_E0);
                DoubleVector s = r.mul(r).fma(q, r);
                s = s.add(s.fma(rl, rl));                          // e^(r+rl) - 1
                DoubleVector p = s.add(V_ONE);
                DoubleVector scale = kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52)
                        .reinterpretAsDoubles();
                p.mul(scale).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.exp(x[xo + i]);
        }
    }

    /** exp of one vector for any arguments (two-step scaling). */
    private static void expWide(double[] x, int xi, double[] y, int yi) {
        DoubleVector v = DoubleVector.fromArray(D, x, xi);
        v = v.blend(710.0, v.compare(GT, 710.0)).blend(-746.0, v.compare(LT, -746.0));
        DoubleVector kr = v.fma(V_INV_LN2, V_SHIFT);
        DoubleVector k = kr.sub(V_SHIFT);
        DoubleVector r1 = k.fma(V_NLN2_HI, v);
        DoubleVector cc = k.mul(V_NLN2_LO);
        DoubleVector r = r1.add(cc);
        DoubleVector rl = r1.sub(r).add(cc);
        DoubleVector q = r.fma(V_E10, V_E9).fma(r, V_E8).fma(r, V_E7).fma(r, V_E6)
                .fma(r, V_E5).fma(r, V_E4).fma(r, V_E3).fma(r, V_E2).fma(r, V_E1)
                .fma(r, V_E0);
        DoubleVector s = r.mul(r).fma(q, r);
        s = s.add(s.fma(rl, rl));
        DoubleVector p = s.add(V_ONE);
        DoubleVector kr1 = k.fma(V_HALF, V_SHIFT);
        LongVector b = kr.reinterpretAsLongs();
        LongVector b1 = kr1.reinterpretAsLongs();
        DoubleVector s1 = b1.add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = b.sub(b1).add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles();
        p.mul(s1).mul(s2).intoArray(y, yi);
    }

    // ===========================================================================================
    // log
    // ===========================================================================================

    /**
     * {@code y = log(x)}. Method (fdlibm e_log.c, branch-free): x = 2^k m with m in
     * [sqrt2/2, sqrt2) from integer operations on the bits, f = m - 1, s = f/(2+f),
     * log(1+f) = f - f^2/2 + s(f^2/2 + R(s^2)) with fdlibm's degree-14 R, plus k ln2 in two
     * parts. Vectors holding a zero, negative, subnormal, infinite or NaN lane are done with
     * scalar Math.log. Measured: max 1 ulp from StrictMath.log (0.70 ulp from the exact value).
     */
    static void log(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                if (!v.compare(GE, Double.MIN_NORMAL).and(v.compare(LE, Double.MAX_VALUE)).allTrue()) {
                    // lane by lane, so that each element's result does not depend on its neighbours
                    for (int j = 0; j < L; j++) {
                        y[yo + i + j] = ScalarMathDouble.log(x[xo + i + j]);
                    }
                    continue;
                }
                LongVector ix = v.reinterpretAsLongs().add(LOG_OFF);
                DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles()
                        .sub(V_EXP_BIAS_D);
                DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(V_ONE);
                DoubleVector hfsq = f.mul(V_HALF).mul(f);
                DoubleVector s = f.div(f.add(V_TWO));
                DoubleVector z = s.mul(s);
                DoubleVector w = z.mul(z);
                DoubleVector t1 = w.fma(V_LG6, V_LG4).fma(w, V_LG2).mul(w);
                DoubleVector t2 = w.fma(V_LG7, V_LG5).fma(w, V_LG3).fma(w, V_LG1).mul(z);
                DoubleVector rr = t2.add(t1);
                DoubleVector res = s.fma(hfsq.add(rr), dk.mul(V_LN2_LO_32)).sub(hfsq).add(f)
                        .add(dk.mul(V_LN2_HI_32));
                res.intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.log(x[xo + i]);
        }
    }

    // ===========================================================================================
    // sin / cos
    // ===========================================================================================

    /**
     * {@code y = sin(x)}. Method: q = rint(x 2/pi), r = x - q pi/2 as a double-double (first
     * step an exact FMA with pi/2 rounded to double, then the next two 53-bit pieces of pi/2 with
     * an exact product split and TwoSum), fdlibm's __kernel_sin and __kernel_cos on (r, tail),
     * selected and negated per quadrant with bit operations. Elements with |x| &gt; 2^28, infinite
     * or NaN are redone with scalar Math.sin. Measured: max 1 ulp from StrictMath.sin (0.75 ulp
     * from the exact value).
     */
    static void sin(double[] x, int xo, double[] y, int yo, int n) {
        sinCos(x, xo, y, yo, n, false);
    }

    /**
     * {@code y = cos(x)}: as {@link #sin} with the quadrant shifted by one. Measured: max 1 ulp
     * from StrictMath.cos.
     */
    static void cos(double[] x, int xo, double[] y, int yo, int n) {
        sinCos(x, xo, y, yo, n, true);
    }

    private static void sinCos(double[] x, int xo, double[] y, int yo, int n, boolean cos) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                boolean special = trigReduce(x, xo + i, s.a, s.b, s.c, len);
                if (special) {
                    System.arraycopy(x, xo + i, s.x1, 0, len);
                }
                trigFinish(s.a, s.b, s.c, y, yo + i, len, cos ? 1L : 0L);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        double v = s.x1[j];
                        if (!(Math.abs(v) <= TRIG_MAX)) {
                            y[yo + i + j] = cos ? Math.cos(v) : Math.sin(v);
                        }
                    }
                }
                i += len;
            }
        }
        if (cos) {
            for (; i < n; i++) {
                y[yo + i] = ScalarMathDouble.cos(x[xo + i]);
            }
        } else {
            for (; i < n; i++) {
                y[yo + i] = ScalarMathDouble.sin(x[xo + i]);
            }
        }
    }

    /** x -&gt; (rh, rl, kr): x - q pi/2 = rh + rl, kr = q + 1.5*2^52; true if some |x| &gt; TRIG_MAX or NaN. */
    private static boolean trigReduce(double[] x, int xi, double[] rhA, double[] rlA, double[] kA, int len) {
        boolean special = false;
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            if (!v.abs().compare(LE, V_TRIG_MAX).allTrue()) {
                special = true;
            }
            DoubleVector kr = v.fma(V_TWO_OVER_PI, V_SHIFT);
            DoubleVector q = kr.sub(V_SHIFT);
            DoubleVector t1 = q.fma(V_NPIO2_1, v);               // exact
            DoubleVector ph = q.mul(V_PIO2_2);
            DoubleVector pl = q.fma(V_PIO2_2, ph.neg());         // q*PIO2_2 = ph + pl exactly
            DoubleVector rh = t1.sub(ph);                        // TwoSum(t1, -ph)
            DoubleVector bb = rh.sub(t1);
            DoubleVector e = t1.sub(rh.sub(bb)).sub(ph.add(bb));
            DoubleVector rl = e.sub(q.fma(V_PIO2_3, pl));
            rh.intoArray(rhA, j);
            rl.intoArray(rlA, j);
            kr.intoArray(kA, j);
        }
        return special;
    }

    private static void trigFinish(double[] rhA, double[] rlA, double[] kA, double[] y, int yi, int len,
            long qAdd) {
        // never broadcast a run-time scalar inside the loop: C2 then boxes the vectors
        LongVector qv = LongVector.broadcast(LS, qAdd);
        for (int j = 0; j < len; j += L) {
            DoubleVector rh = DoubleVector.fromArray(D, rhA, j);
            DoubleVector rl = DoubleVector.fromArray(D, rlA, j);
            DoubleVector z = rh.mul(rh);
            DoubleVector w = z.mul(z);
            // fdlibm __kernel_sin(rh, rl)
            DoubleVector sr = z.fma(V_S4, V_S3).fma(z, V_S2).add(z.mul(w).mul(z.fma(V_S6, V_S5)));
            DoubleVector vv = z.mul(rh);
            DoubleVector sinv = rh.sub(z.mul(rl.fma(V_HALF, vv.mul(sr).neg())).sub(rl).sub(vv.mul(V_S1)));
            // fdlibm __kernel_cos(rh, rl)
            DoubleVector cr = z.fma(V_C3, V_C2).fma(z, V_C1).mul(z)
                    .add(w.mul(w).mul(z.fma(V_C6, V_C5).fma(z, V_C4)));
            DoubleVector hz = z.mul(V_HALF);
            DoubleVector w1 = V_ONE.sub(hz);
            DoubleVector cosv = w1.add(V_ONE.sub(w1).sub(hz).add(z.mul(cr).sub(rh.mul(rl))));
            // quadrant: odd -> cos, bit 1 -> negate
            LongVector qb = DoubleVector.fromArray(D, kA, j).reinterpretAsLongs().add(qv);
            LongVector odd = qb.and(1L).neg();
            LongVector sb = sinv.reinterpretAsLongs();
            LongVector sel = sb.lanewise(XOR, sb.lanewise(XOR, cosv.reinterpretAsLongs()).and(odd));
            sel.lanewise(XOR, qb.and(2L).lanewise(LSHL, 62)).reinterpretAsDoubles().intoArray(y, yi + j);
        }
    }

    // ===========================================================================================
    // atan
    // ===========================================================================================

    /**
     * {@code y = atan(x)}. Method: fdlibm s_atan.c made branch-free: the reduction interval of
     * |x| (&lt;7/16, &lt;11/16, &lt;19/16, &lt;39/16, beyond) is chosen with compares and blends,
     * t = (|x| - c)/(1 + c|x|) (c = 0, 0.5, 1, 1.5; numerator exact) or -1/|x|, atan(t) by
     * fdlibm's degree-22 odd polynomial, plus atan(c) in two parts; the sign of x is restored with
     * a bit operation. Measured: max 1 ulp from StrictMath.atan (0.74 ulp from the exact value).
     */
    static void atan(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                DoubleVector ax = v.abs();
                VectorMask<Double> m1 = ax.compare(GE, 0.4375);
                VectorMask<Double> m2 = ax.compare(GE, 0.6875);
                VectorMask<Double> m3 = ax.compare(GE, 1.1875);
                VectorMask<Double> m4 = ax.compare(GE, 2.4375);
                DoubleVector cc = V_ZERO.blend(0.5, m1).blend(1.0, m2).blend(1.5, m3);
                DoubleVector hi = V_ZERO.blend(ATAN_HI1, m1).blend(ATAN_HI2, m2).blend(ATAN_HI3, m3)
                        .blend(ATAN_HI4, m4);
                DoubleVector lo = V_ZERO.blend(ATAN_LO1, m1).blend(ATAN_LO2, m2).blend(ATAN_LO3, m3)
                        .blend(ATAN_LO4, m4);
                DoubleVector num = ax.sub(cc).blend(-1.0, m4);
                DoubleVector den = cc.fma(ax, V_ONE).blend(ax, m4);
                DoubleVector t = num.div(den);
                DoubleVector z = t.mul(t);
                DoubleVector w = z.mul(z);
                DoubleVector s1 = w.fma(V_AT10, V_AT8).fma(w, V_AT6).fma(w, V_AT4).fma(w, V_AT2)
                        .fma(w, V_AT0).mul(z);
                DoubleVector s2 = w.fma(V_AT9, V_AT7).fma(w, V_AT5).fma(w, V_AT3).fma(w, V_AT1)
                        .mul(w);
                DoubleVector res = hi.sub(t.mul(s1.add(s2)).sub(lo).sub(t));
                res.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE))
                        .reinterpretAsDoubles().intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.atan(x[xo + i]);
        }
    }

    // ===========================================================================================
    // expm1, tanh, sigmoid: exp kernel with a double-double result
    // ===========================================================================================

    /**
     * Shared first stage: for a[j] (|a| &lt;= 746, NaN passes) stores kr (k + 1.5*2^52, k =
     * rint(a/ln2)) and expm1(a - k ln2) as an unevaluated, normalised pair (emh, eml) with
     * relative error about 2^-64: r = a - k ln2 with its tail rl (exact FMA step), expm1(r + rl)
     * = r + r^2/2 (exact pair) + r^3 Q1(r) + rl (1 + expm1 r).
     */
    private static void expm1Pair(double[] aA, double[] kA, double[] hA, double[] lA, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector a = DoubleVector.fromArray(D, aA, j);
            DoubleVector kr = a.fma(V_INV_LN2, V_SHIFT);
            DoubleVector k = kr.sub(V_SHIFT);
            DoubleVector r1 = k.fma(V_NLN2_HI, a);
            DoubleVector cc = k.mul(V_NLN2_LO);
            DoubleVector r = r1.add(cc);
            DoubleVector rl = r1.sub(r).add(cc);
            DoubleVector q = r.fma(V_E10, V_E9).fma(r, V_E8).fma(r, V_E7).fma(r, V_E6)
                    .fma(r, V_E5).fma(r, V_E4).fma(r, V_E3).fma(r, V_E2).fma(r, V_E1);
            DoubleVector rr = r.mul(r);
            DoubleVector hr = rr.mul(V_HALF);
            DoubleVector emh = r.add(hr);
            DoubleVector eml = r.sub(emh).add(hr).add(r.fma(r, rr.neg()).fma(V_HALF, rr.mul(r).mul(q)))
                    .add(emh.fma(rl, rl));
            DoubleVector em = emh.add(eml);
            emh.sub(em).add(eml).intoArray(lA, j);
            em.intoArray(hA, j);
            kr.intoArray(kA, j);
        }
    }

    /**
     * {@code y = expm1(x)}. Method: k = rint(x/ln2), expm1(x - k ln2) as a double-double (see
     * {@code expm1Pair}), result 2^k (emh + eml) + (2^k - 1) summed with Fast2Sum so that only the
     * final addition rounds. x &lt; -45 is clamped (result -1); elements with x &gt; 709 are redone
     * with scalar Math.expm1; -0 is kept. Measured: max 1 ulp from StrictMath.expm1 (0.55 ulp
     * from the exact value).
     */
    static void expm1(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                boolean special = false;
                for (int j = 0; j < len; j += L) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i + j);
                    if (v.compare(GT, 709.0).anyTrue()) {
                        special = true;
                    }
                    v.blend(-45.0, v.compare(LT, -45.0)).blend(0.0, v.compare(GT, 709.0)).intoArray(s.x1, j);
                }
                expm1Pair(s.x1, s.a, s.b, s.c, len);
                if (special) {
                    System.arraycopy(x, xo + i, s.x1, 0, len);
                }
                expm1Finish(x, xo + i, s.a, s.b, s.c, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        if (s.x1[j] > 709.0) {
                            y[yo + i + j] = Math.expm1(s.x1[j]);
                        }
                    }
                }
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.expm1(x[xo + i]);
        }
    }

    private static void expm1Finish(double[] x, int xi, double[] kA, double[] hA, double[] lA, double[] y,
            int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            DoubleVector scale = DoubleVector.fromArray(D, kA, j).reinterpretAsLongs().add(1023L)
                    .lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector emh = DoubleVector.fromArray(D, hA, j);
            DoubleVector eml = DoubleVector.fromArray(D, lA, j);
            // 2^k (emh + eml) + (2^k - 1): Fast2Sum of the first two terms (|2^k - 1| is larger)
            DoubleVector am1 = scale.sub(V_ONE);
            DoubleVector pp = scale.mul(emh);
            DoubleVector sh = am1.add(pp);
            DoubleVector res = sh.add(scale.fma(eml, am1.sub(sh).add(pp)));
            res.blend(v, v.compare(EQ, 0.0)).intoArray(y, yi + j);
        }
    }

    /**
     * {@code y = tanh(x)}. Method: with a = min(|x|, 22) and u = expm1(2a) as a double-double
     * (expm1 above), tanh(a) = u/(u+2) for a &lt; 1 (well conditioned: the relative error of u is
     * damped by 2/(u+2); the double-double numerator and denominator are folded in to first
     * order), and 1 - 2/(u+2) for a &ge; 1 (fdlibm's form); the sign of x is restored with a bit
     * operation. Measured: max 1 ulp from the exact value (36-digit reference; 1.0 ulp with
     * mpmath); max 2 ulp from StrictMath.tanh, which is itself up to 2.1 ulp off.
     */
    static void tanh(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                for (int j = 0; j < len; j += L) {
                    DoubleVector ax = DoubleVector.fromArray(D, x, xo + i + j).abs();
                    ax.blend(22.0, ax.compare(GT, 22.0)).mul(V_TWO).intoArray(s.x1, j);
                }
                expm1Pair(s.x1, s.a, s.b, s.c, len);
                tanhFinish(x, xo + i, s.a, s.b, s.c, y, yo + i, len);
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.tanh(x[xo + i]);
        }
    }

    private static void tanhFinish(double[] x, int xi, double[] kA, double[] hA, double[] lA, double[] y,
            int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            VectorMask<Double> big = v.abs().compare(GE, 1.0);
            DoubleVector scale = DoubleVector.fromArray(D, kA, j).reinterpretAsLongs().add(1023L)
                    .lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector emh = DoubleVector.fromArray(D, hA, j);
            DoubleVector eml = DoubleVector.fromArray(D, lA, j);
            DoubleVector am1 = scale.sub(V_ONE);
            DoubleVector pp = scale.mul(emh);
            DoubleVector uh = am1.add(pp);
            DoubleVector ul = scale.fma(eml, am1.sub(uh).add(pp));   // u = expm1(2a) = uh + ul
            // uh + ul + 2 = dh + dl (TwoSum + ul)
            DoubleVector dh = uh.add(V_TWO);
            DoubleVector bb = dh.sub(uh);
            DoubleVector dl = uh.sub(dh.sub(bb)).add(V_TWO.sub(bb)).add(ul);
            DoubleVector t = uh.blend(V_TWO, big).div(dh);
            // a < 1: (uh + ul)/(dh + dl) = t + (ul - t dl)/dh with 1/dh = (1 - t)/2
            DoubleVector ts = ul.sub(t.mul(dl)).mul(t.neg().fma(V_HALF, V_HALF)).add(t);
            DoubleVector res = ts.blend(V_ONE.sub(t), big);
            res.abs().reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE))
                    .reinterpretAsDoubles().intoArray(y, yi + j);
        }
    }

    /**
     * {@code y = 1/(1+exp(-x))}. Method: e = exp(-|x|) as a double-double (expm1 kernel above),
     * result 1/(1+e) for x &ge; 0 and e/(1+e) for x &lt; 0 with the double-double numerator and
     * denominator folded in to first order, so that only the division rounds. Elements with
     * |x| &gt; 708 use the scalar formula (subnormal results). Measured: max 1 ulp from the exact
     * value (36-digit reference over [-750, 750]; 0.99 ulp with mpmath).
     */
    static void sigmoid(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                boolean special = false;
                for (int j = 0; j < len; j += L) {
                    DoubleVector a = DoubleVector.fromArray(D, x, xo + i + j).abs();
                    if (a.compare(GT, V_EXP_FAST_MAX).anyTrue()) {
                        special = true;
                    }
                    a.blend(0.0, a.compare(GT, V_EXP_FAST_MAX)).neg().intoArray(s.x1, j);
                }
                expm1Pair(s.x1, s.a, s.b, s.c, len);
                if (special) {
                    System.arraycopy(x, xo + i, s.x1, 0, len);
                }
                sigmoidFinish(x, xo + i, s.a, s.b, s.c, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        if (Math.abs(s.x1[j]) > EXP_FAST_MAX) {
                            y[yo + i + j] = ScalarMathDouble.sigmoidByExp(s.x1[j]);
                        }
                    }
                }
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.sigmoid(x[xo + i]);
        }
    }

    private static void sigmoidFinish(double[] x, int xi, double[] kA, double[] hA, double[] lA, double[] y,
            int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            DoubleVector scale = DoubleVector.fromArray(D, kA, j).reinterpretAsLongs().add(1023L)
                    .lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector emh = DoubleVector.fromArray(D, hA, j);
            DoubleVector eml = DoubleVector.fromArray(D, lA, j);
            // e = exp(-|x|) = eh + el
            DoubleVector ph = emh.add(V_ONE);
            DoubleVector pl = V_ONE.sub(ph).add(emh).add(eml);
            DoubleVector eh = ph.mul(scale);
            DoubleVector el = pl.mul(scale);
            // 1 + e = dh + dl (Fast2Sum, e <= 1)
            DoubleVector dh = eh.add(V_ONE);
            DoubleVector dl = V_ONE.sub(dh).add(eh).add(el);
            VectorMask<Double> pos = v.compare(GE, 0.0);
            DoubleVector t = eh.blend(V_ONE, pos).div(dh);
            DoubleVector inv = V_ONE.sub(t).blend(t, pos);          // ~ 1/dh
            // (num + numl)/(dh + dl) = t + (numl - t dl)/dh
            el.blend(V_ZERO, pos).sub(t.mul(dl)).fma(inv, t).intoArray(y, yi + j);
        }
    }

    // ===========================================================================================
    // log1p
    // ===========================================================================================

    /**
     * {@code y = log1p(x)}. Method (fdlibm s_log1p.c / musl, branch-free): u = 1 + x rounded,
     * u = 2^k m with m in [sqrt2/2, sqrt2); f = x if k = 0, else m - 1 plus the correction
     * c/u for the rounding of u (c exact by Fast2Sum); then the log kernel as in {@link #log}.
     * Elements with x &le; -1, +Inf or NaN are redone with scalar Math.log1p; -0 is kept.
     * Measured: max 1 ulp from StrictMath.log1p (0.76 ulp from the exact value).
     */
    static void log1p(double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                boolean special = log1pReduce(x, xo + i, s.a, s.b, s.c, len);
                if (special) {
                    System.arraycopy(x, xo + i, s.x1, 0, len);
                }
                log1pFinish(x, xo + i, s.a, s.b, s.c, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        double v = s.x1[j];
                        if (!(v > -1.0 && v <= Double.MAX_VALUE)) {
                            y[yo + i + j] = Math.log1p(v);
                        }
                    }
                }
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.log1p(x[xo + i]);
        }
    }

    /** x -&gt; (dk, f, c/u); true if some x is &le; -1, +Inf or NaN. */
    private static boolean log1pReduce(double[] x, int xi, double[] dkA, double[] fA, double[] cA, int len) {
        boolean special = false;
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            if (!v.compare(GT, -1.0).and(v.compare(LE, Double.MAX_VALUE)).allTrue()) {
                special = true;
            }
            DoubleVector u = v.add(V_ONE);
            LongVector ix = u.reinterpretAsLongs().add(LOG_OFF);
            DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles().sub(V_EXP_BIAS_D);
            VectorMask<Double> k0 = dk.compare(EQ, 0.0);
            DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(V_ONE).blend(v, k0);
            // c = (1 + x) - u exactly (Fast2Sum in the right order), then c/u
            DoubleVector corr = v.sub(u.sub(V_ONE)).blend(V_ONE.sub(u.sub(v)), v.compare(GT, 1.0));
            corr.div(u).blend(V_ZERO, k0).intoArray(cA, j);
            dk.intoArray(dkA, j);
            f.intoArray(fA, j);
        }
        return special;
    }

    private static void log1pFinish(double[] x, int xi, double[] dkA, double[] fA, double[] cA, double[] y,
            int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector v = DoubleVector.fromArray(D, x, xi + j);
            DoubleVector dk = DoubleVector.fromArray(D, dkA, j);
            DoubleVector f = DoubleVector.fromArray(D, fA, j);
            DoubleVector corr = DoubleVector.fromArray(D, cA, j);
            DoubleVector hfsq = f.mul(V_HALF).mul(f);
            DoubleVector s = f.div(f.add(V_TWO));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.fma(V_LG6, V_LG4).fma(w, V_LG2).mul(w);
            DoubleVector t2 = w.fma(V_LG7, V_LG5).fma(w, V_LG3).fma(w, V_LG1).mul(z);
            DoubleVector rr = t2.add(t1);
            DoubleVector res = s.fma(hfsq.add(rr), dk.fma(V_LN2_LO_32, corr)).sub(hfsq).add(f)
                    .add(dk.mul(V_LN2_HI_32));
            res.blend(v, v.compare(EQ, 0.0)).intoArray(y, yi + j);
        }
    }

    // ===========================================================================================
    // pow
    // ===========================================================================================

    /**
     * {@code y = Math.pow(x, p)} for a scalar exponent. p = 0, 1, 2, -1 and 0.5 are exact
     * shortcuts (1, copy, x*x, 1/x, sqrt with pow's special values); a non-finite p runs scalar
     * Math.pow. Otherwise the general kernel as in {@link #pow(double[], int, double[], int,
     * double[], int, int)}, with the integer test and parity of p done once.
     * Measured: max 1 ulp from Math.pow.
     */
    static void pow(double[] x, int xo, double p, double[] y, int yo, int n) {
        int i = 0;
        int upper = ACCEL && Math.abs(p) <= Double.MAX_VALUE && p != 0.0 && p != 1.0 ? D.loopBound(n) : 0;
        if (p == 2.0) {
            for (; i < upper; i += L) {
                DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                v.mul(v).intoArray(y, yo + i);
            }
        } else if (p == -1.0) {
            for (; i < upper; i += L) {
                V_ONE.div(DoubleVector.fromArray(D, x, xo + i)).intoArray(y, yo + i);
            }
        } else if (p == 0.5) {
            for (; i < upper; i += L) {
                DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                // pow(-0, 0.5) = +0 and pow(-Inf, 0.5) = +Inf, unlike sqrt
                v.sqrt().blend(V_ZERO, v.compare(EQ, 0.0))
                        .blend(Double.POSITIVE_INFINITY, v.compare(EQ, Double.NEGATIVE_INFINITY))
                        .intoArray(y, yo + i);
            }
        } else if (upper > 0) {
            // parity of p for negative bases; other negative bases go to Math.pow
            boolean negOk = Math.abs(p) < 0x1p51 && Math.rint(p) == p;
            boolean pOdd = negOk && (((long) p) & 1L) != 0;
            Scratch s = SCRATCH.get();
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                java.util.Arrays.fill(s.x2, 0, len, p);
                boolean special = powLog(x, xo + i, s.x2, 0, s.a, s.b, len, negOk);
                if (special) {
                    System.arraycopy(x, xo + i, s.x1, 0, len);
                }
                powExpReduce(s.x2, 0, s.a, s.b, s.c, s.d, len);
                powFinishScalarP(x, xo + i, pOdd, s.c, s.d, s.b, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        double a = s.x1[j];
                        if (powSpecial(a, p, negOk)) {
                            y[yo + i + j] = Math.pow(a, p);
                        }
                    }
                }
                i += len;
            }
        }
        ScalarMathDouble.pow(x, xo + i, p, y, yo + i, n - i);
    }

    /** Lanes the vector pow does not handle (they are redone with Math.pow). */
    private static boolean powSpecial(double a, double b, boolean negOk) {
        double aa = Math.abs(a);
        return !(aa >= Double.MIN_NORMAL && aa <= Double.MAX_VALUE) || !(Math.abs(b) <= Double.MAX_VALUE)
                || (a < 0 && !negOk);
    }

    /**
     * {@code y = Math.pow(a, b)} elementwise. Method: log|a| as a double-double (fdlibm-style
     * reduction, s = f/(2+f) with its exact remainder, (2/3)s^3 in double-double, a minimax tail
     * for s^5...; relative error about 2^-66), y = b log|a| as a double-double with an FMA,
     * exp(y) with the exp kernel on the reduced double-double argument and two-step scaling (so
     * |y| up to 745 keeps full precision, and overflow, underflow and subnormal results are
     * right); negative a: sign from the parity of an integer b, NaN for a non-integer b; b == 1
     * returns a. Elements where a is 0, subnormal, infinite or NaN, b is infinite or NaN, or
     * a &lt; 0 with |b| &ge; 2^51, are redone with Math.pow. Follows Math.pow exactly for the
     * special cases (note: Math.pow(1, NaN) and Math.pow(+-1, +-Inf) are NaN, unlike C's pow).
     * Measured: max 2 ulp from Math.pow, 0.92 ulp from the exact value (mpmath) on results near
     * 1e+-300 from exponents up to 1e10, where Math.pow itself is up to 1.6 ulp off and
     * StrictMath.pow hundreds of ulp.
     */
    static void pow(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                boolean special = powLog(a, ao + i, b, bo + i, s.a, s.b, len, true);
                // stage 3 reads a and b again: keep copies when y aliases them
                System.arraycopy(a, ao + i, s.x1, 0, len);
                System.arraycopy(b, bo + i, s.x2, 0, len);
                powExpReduce(s.x2, 0, s.a, s.b, s.c, s.d, len);
                powFinish(s.x1, s.x2, s.c, s.d, s.b, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        if (powSpecial(s.x1[j], s.x2[j], Math.abs(s.x2[j]) < 0x1p51)) {
                            y[yo + i + j] = Math.pow(s.x1[j], s.x2[j]);
                        }
                    }
                }
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathDouble.pow(a[ao + i], b[bo + i]);
        }
    }

    /**
     * Stage 1: (lh, ll) = log|a| as a double-double. Returns true if some lane needs Math.pow
     * (see {@link #powSpecial}; negative a always when !negOk).
     */
    private static boolean powLog(double[] aA, int ai, double[] bA, int bi, double[] lhA, double[] llA, int len,
            boolean negOk) {
        boolean special = false;
        for (int j = 0; j < len; j += L) {
            DoubleVector av = DoubleVector.fromArray(D, aA, ai + j);
            DoubleVector bv = DoubleVector.fromArray(D, bA, bi + j);
            DoubleVector ax = av.abs();
            VectorMask<Double> ok = ax.compare(GE, Double.MIN_NORMAL).and(ax.compare(LE, Double.MAX_VALUE))
                    .and(bv.abs().compare(LE, Double.MAX_VALUE));
            if (negOk) {
                ok = ok.andNot(av.compare(LT, 0.0).and(bv.abs().compare(GE, 0x1p51)));
            } else {
                ok = ok.and(av.compare(GT, 0.0));
            }
            if (!ok.allTrue()) {
                special = true;
            }
            LongVector ix = ax.reinterpretAsLongs().add(LOG_OFF);
            DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles().sub(V_EXP_BIAS_D);
            DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(V_ONE);
            // s = f/(2+f) = sh + sl
            DoubleVector dh = f.add(V_TWO);
            DoubleVector dl = f.sub(dh.sub(V_TWO));
            DoubleVector sh = f.div(dh);
            DoubleVector nsh = sh.neg();
            DoubleVector sl = nsh.fma(dl, nsh.fma(dh, f)).mul(nsh.fma(V_HALF, V_HALF));  // rem/dh, 1/dh = (1-s)/2
            // (2/3) s^3 as a double-double
            DoubleVector z = sh.mul(sh);
            DoubleVector zl = sh.fma(sh, z.neg());
            DoubleVector s3h = z.mul(sh);
            DoubleVector s3l = z.fma(sh, s3h.neg()).add(zl.mul(sh)).add(z.mul(sl).mul(V_THREE));
            DoubleVector t3h = s3h.mul(V_T23_HI);
            DoubleVector t3l = s3h.fma(V_T23_HI, t3h.neg()).add(s3l.mul(V_T23_HI)).add(s3h.mul(V_T23_LO));
            // s^5 R(s^2)
            DoubleVector t5 = s3h.mul(z).mul(z.fma(V_R7, V_R6).fma(z, V_R5).fma(z, V_R4).fma(z, V_R3)
                    .fma(z, V_R2).fma(z, V_R1).fma(z, V_R0));
            DoubleVector s2 = sh.add(sh);
            DoubleVector mh = s2.add(t3h);
            DoubleVector ml = s2.sub(mh).add(t3h).add(sl.add(sl).add(t3l).add(t5));
            // + k ln2
            DoubleVector kh = dk.mul(V_LN2_HI);
            DoubleVector kl = dk.fma(V_LN2_HI, kh.neg()).add(dk.mul(V_LN2_LO));
            DoubleVector lh = kh.add(mh);
            kh.sub(lh).add(mh).add(kl.add(ml)).intoArray(llA, j);
            lh.intoArray(lhA, j);
        }
        return special;
    }

    /**
     * Stage 2: y = b (lh + ll) as a double-double, clamped to |y| &lt;= POW_Y_MAX; then
     * k = rint(y/ln2) (stored as kr = k + 1.5*2^52) and r = y - k ln2 as (r, rl).
     */
    private static void powExpReduce(double[] bA, int bi, double[] lhA, double[] llA, double[] rA,
            double[] kA, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector bv = DoubleVector.fromArray(D, bA, bi + j);
            DoubleVector lh = DoubleVector.fromArray(D, lhA, j);
            DoubleVector ll = DoubleVector.fromArray(D, llA, j);
            DoubleVector yh = lh.mul(bv);
            DoubleVector yl = lh.fma(bv, yh.neg()).add(ll.mul(bv));
            VectorMask<Double> clampHi = yh.compare(GT, POW_Y_MAX);
            VectorMask<Double> clampLo = yh.compare(LT, -POW_Y_MAX);
            yl = yl.blend(V_ZERO, clampHi.or(clampLo));
            yh = yh.blend(POW_Y_MAX, clampHi).blend(-POW_Y_MAX, clampLo);
            DoubleVector kr = yh.fma(V_INV_LN2, V_SHIFT);
            DoubleVector k = kr.sub(V_SHIFT);
            DoubleVector r1 = k.fma(V_NLN2_HI, yh);                      // exact
            DoubleVector cc = k.fma(V_NLN2_LO, yl);
            DoubleVector r = r1.add(cc);
            r1.sub(r).add(cc).intoArray(llA, j);                         // rl
            r.intoArray(rA, j);
            kr.intoArray(kA, j);
        }
    }

    /** Stage 3, elementwise exponent: exp, then sign / NaN for negative a, a for b == 1. */
    private static void powFinish(double[] aA, double[] bA, double[] rA, double[] kA, double[] rlA,
            double[] y, int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector av = DoubleVector.fromArray(D, aA, j);
            DoubleVector bv = DoubleVector.fromArray(D, bA, j);
            DoubleVector r = DoubleVector.fromArray(D, rA, j);
            DoubleVector rl = DoubleVector.fromArray(D, rlA, j);
            DoubleVector kr = DoubleVector.fromArray(D, kA, j);
            DoubleVector q = r.fma(V_E10, V_E9).fma(r, V_E8).fma(r, V_E7).fma(r, V_E6)
                    .fma(r, V_E5).fma(r, V_E4).fma(r, V_E3).fma(r, V_E2).fma(r, V_E1).fma(r, V_E0);
            DoubleVector s = r.mul(r).fma(q, r);
            DoubleVector pm = s.add(s.fma(rl, rl)).add(V_ONE);
            // 2^k in two steps: k1 = rint(k/2), k - k1 (subnormal results, overflow)
            DoubleVector kr1 = kr.sub(V_SHIFT).fma(V_HALF, V_SHIFT);
            LongVector kb = kr.reinterpretAsLongs();
            LongVector kb1 = kr1.reinterpretAsLongs();
            DoubleVector res = pm.mul(kb1.add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles())
                    .mul(kb.sub(kb1).add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles());
            // negative a (|b| < 2^51 there): integer b -> sign by parity, else NaN
            DoubleVector bs = bv.add(V_SHIFT);
            VectorMask<Double> notInt = bs.sub(V_SHIFT).compare(NE, bv);
            LongVector oddSign = bs.reinterpretAsLongs().lanewise(LSHL, 63).and(av.reinterpretAsLongs());
            res = res.reinterpretAsLongs().lanewise(XOR, oddSign).reinterpretAsDoubles();
            res.blend(Double.NaN, av.compare(LT, 0.0).and(notInt)).blend(av, bv.compare(EQ, 1.0))
                    .intoArray(y, yi + j);
        }
    }

    /** Stage 3, scalar exponent: exp, then the sign of a for an odd integer p. */
    private static void powFinishScalarP(double[] x, int xi, boolean pOdd, double[] rA, double[] kA,
            double[] rlA, double[] y, int yi, int len) {
        LongVector signFlip = LongVector.broadcast(LS, pOdd ? Long.MIN_VALUE : 0L);
        for (int j = 0; j < len; j += L) {
            DoubleVector av = DoubleVector.fromArray(D, x, xi + j);
            DoubleVector r = DoubleVector.fromArray(D, rA, j);
            DoubleVector rl = DoubleVector.fromArray(D, rlA, j);
            DoubleVector kr = DoubleVector.fromArray(D, kA, j);
            DoubleVector q = r.fma(V_E10, V_E9).fma(r, V_E8).fma(r, V_E7).fma(r, V_E6)
                    .fma(r, V_E5).fma(r, V_E4).fma(r, V_E3).fma(r, V_E2).fma(r, V_E1).fma(r, V_E0);
            DoubleVector s = r.mul(r).fma(q, r);
            DoubleVector pm = s.add(s.fma(rl, rl)).add(V_ONE);
            // 2^k in two steps: k1 = rint(k/2), k - k1 (subnormal results, overflow)
            DoubleVector kr1 = kr.sub(V_SHIFT).fma(V_HALF, V_SHIFT);
            LongVector kb = kr.reinterpretAsLongs();
            LongVector kb1 = kr1.reinterpretAsLongs();
            DoubleVector res = pm.mul(kb1.add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles())
                    .mul(kb.sub(kb1).add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles());
            res.reinterpretAsLongs().lanewise(XOR, av.reinterpretAsLongs().and(signFlip)).reinterpretAsDoubles()
                    .intoArray(y, yi + j);
        }
    }
}
