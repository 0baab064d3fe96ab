package dev.fluxion.cpu;

import static dev.fluxion.cpu.VecMathDouble.EXP_BIAS_D;
import static dev.fluxion.cpu.VecMathDouble.INV_LN2;
import static dev.fluxion.cpu.VecMathDouble.LG1;
import static dev.fluxion.cpu.VecMathDouble.LG2;
import static dev.fluxion.cpu.VecMathDouble.LG3;
import static dev.fluxion.cpu.VecMathDouble.LG4;
import static dev.fluxion.cpu.VecMathDouble.LG5;
import static dev.fluxion.cpu.VecMathDouble.LG6;
import static dev.fluxion.cpu.VecMathDouble.LG7;
import static dev.fluxion.cpu.VecMathDouble.LN2_HI;
import static dev.fluxion.cpu.VecMathDouble.LOG_M0;
import static dev.fluxion.cpu.VecMathDouble.LOG_OFF;
import static dev.fluxion.cpu.VecMathDouble.MANT;
import static dev.fluxion.cpu.VecMathDouble.PIO2_1;
import static dev.fluxion.cpu.VecMathDouble.PIO2_2;
import static dev.fluxion.cpu.VecMathDouble.SHIFT;
import static dev.fluxion.cpu.VecMathDouble.TWO52_BITS;
import static dev.fluxion.cpu.VecMathDouble.TWO_OVER_PI;
import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float SIMD kernels behind {@link VecMath}. Each vector of floats is widened to a double
 * vector with the same lane count (exact), the function is evaluated in double precision with
 * shorter polynomials sized for a float result (relative error of the double intermediate below
 * 2^-30, so the final rounding to float dominates: results are the correctly rounded float in
 * all but rare near-halfway cases), and narrowed once. Special values fall out of the double
 * computation and the narrowing (overflow to Inf, gradual underflow); the rare vectors that
 * need more (see each kernel) use the scalar {@code (float) Math.f((double) x)}.
 *
 * <p>Measured maximum errors (float ulp) are against {@code (float) Math.f((double) x)},
 * which is itself within 0.5 ulp + 2^-29 of the exact result.
 */
final class VecMathFloat {

    private VecMathFloat() {
    }

    private static final VectorSpecies<Double> D = VecMath.D;
    private static final VectorSpecies<Float> F = VecMath.F;
    private static final VectorSpecies<Long> LS = VecMath.LS;
    private static final int L = D.length();
    private static final boolean ACCEL = VecMath.ACCELERATED;

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(D, v);
    }

    private static DoubleVector load(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(F2D, D, 0);
    }

    private static void store(DoubleVector v, float[] y, int i) {
        ((FloatVector) v.convertShape(D2F, F, 0)).intoArray(y, i);
    }

    /** expm1(r) = r + r^2 Q(r) on |r| &lt;= ln2/2, minimax Q of degree 5 (rel. error 2^-28.5). */
    static final double Q0 = 0x1.0000000b7f89ep-1;
    static final double Q1 = 0x1.555555272b13bp-3;
    static final double Q2 = 0x1.5554e9508e83ep-5;
    static final double Q3 = 0x1.11114be238a80p-7;
    static final double Q4 = 0x1.6d42d61a224dcp-10;
    static final double Q5 = 0x1.a072c3d3d94a8p-13;
    /** log(m) = 2s + s z R(z), z = s^2 &lt;= 0.0295, minimax R of degree 3 (rel. error 2^-29). */
    static final double LR0 = 0x1.5555554ba88acp-1;
    static final double LR1 = 0x1.9999eb8fd8a46p-2;
    static final double LR2 = 0x1.245c311959b3fp-2;
    static final double LR3 = 0x1.ddd233c53de51p-3;
    /** sin(r) = r + r z P(z), |r| &lt;= pi/4, minimax P of degree 3 (rel. error 2^-32). */
    static final double SP0 = -0x1.5555555459b10p-3;
    static final double SP1 = 0x1.11110de6adb10p-7;
    static final double SP2 = -0x1.a0139dc33f965p-13;
    static final double SP3 = 0x1.6dbb35bb33fcbp-19;
    /** cos(r) = 1 + z C(z), minimax C of degree 3 (rel. error 2^-30.5). */
    static final double CP0 = -0x1.fffffffa8c0fdp-2;
    static final double CP1 = 0x1.55554c9760eb8p-5;
    static final double CP2 = -0x1.6c0df448ab007p-10;
    static final double CP3 = 0x1.9a697b6db9822p-16;
    /** atan(u) = u + u z P(z), |u| &lt;= tan(pi/8), minimax P of degree 5 (rel. error 2^-29). */
    static final double AP0 = -0x1.5555554c308b8p-2;
    static final double AP1 = 0x1.99997b61b27c1p-3;
    static final double AP2 = -0x1.248a241f14728p-3;
    static final double AP3 = 0x1.c57d2bbf35dfep-4;
    static final double AP4 = -0x1.614d40643abb9p-4;
    static final double AP5 = 0x1.9db075b24e940p-5;
    static final double TAN_PI_8 = 0x1.a827999fcef32p-2;
    static final double TAN_3PI_8 = 0x1.3504f333f9de6p1;
    static final double PI_4 = 0x1.921fb54442d18p-1;
    static final double PI_2 = 0x1.921fb54442d18p0;
    /** Beyond this |x| sin/cos use scalar Math (float arguments are integers there anyway). */
    static final double TRIG_MAX = 0x1p24;

    // ===========================================================================================

    /**
     * {@code y = exp(x)}: x clamped to [-110, 100] (NaN kept), k = rint(x/ln2), r = x - k ln2,
     * e^r = 1 + r + r^2 Q(r), times 2^k, narrowed (overflow to Inf, subnormals, 0).
     * Measured: max 1 ulp from (float) Math.exp.
     */
    static void exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                v = v.blend(100.0, v.compare(GT, 100.0)).blend(-110.0, v.compare(LT, -110.0));
                DoubleVector kr = v.fma(INV_LN2, SHIFT);
                DoubleVector k = kr.sub(SHIFT);
                DoubleVector r = k.fma(c(-LN2_HI), v);
                DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
                DoubleVector p = r.mul(r).fma(q, r).add(1.0);
                DoubleVector scale = kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52)
                        .reinterpretAsDoubles();
                store(p.mul(scale), y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.exp(x[xo + i]);
        }
    }

    /**
     * {@code y = log(x)}: x = 2^k m, s = (m-1)/(m+1), log = k ln2 + 2s + s z R(z). Vectors with a
     * lane &le; 0, +Inf or NaN use scalar (float) Math.log. Measured: max 1 ulp.
     */
    static void log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                if (!v.compare(GT, 0.0).and(v.compare(LE, Float.MAX_VALUE)).allTrue()) {
                    logScalar(x, xo + i, y, yo + i, L); // lane by lane: the same bits as in a full vector
                    continue;
                }
                LongVector ix = v.reinterpretAsLongs().add(LOG_OFF);
                DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles()
                        .sub(EXP_BIAS_D);
                DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(1.0);
                DoubleVector s = f.div(f.add(2.0));
                DoubleVector z = s.mul(s);
                DoubleVector rr = z.fma(c(LR3), c(LR2)).fma(z, c(LR1)).fma(z, c(LR0));
                DoubleVector res = s.mul(z).fma(rr, s.add(s)).add(dk.mul(LN2_HI));
                store(res, y, yo + i);
            }
        }
        logScalar(x, xo + i, y, yo + i, n - i);
    }

    private static void logScalar(float[] x, int xi, float[] y, int yi, int m) {
        for (int j = 0; j < m; j++) {
            y[yi + j] = ScalarMathFloat.log(x[xi + j]);
        }
    }

    /**
     * {@code y = sin(x)}: q = rint(x 2/pi), r = x - q pi/2 in double (exact FMA step plus one
     * more), sin or cos polynomial of r per quadrant. Vectors with some |x| &gt; 2^24 or infinite
     * use scalar (float) Math.sin. Measured: max 1 ulp.
     */
    static void sin(float[] x, int xo, float[] y, int yo, int n) {
        sinCos(x, xo, y, yo, n, false);
    }

    /** {@code y = cos(x)}; see {@link #sin}. Measured: max 1 ulp. */
    static void cos(float[] x, int xo, float[] y, int yo, int n) {
        sinCos(x, xo, y, yo, n, true);
    }

    private static void sinCos(float[] x, int xo, float[] y, int yo, int n, boolean cos) {
        int i = 0;
        if (ACCEL) {
            // never broadcast a run-time scalar inside the loop: C2 then boxes the vectors
            final LongVector qAdd = LongVector.broadcast(LS, cos ? 1L : 0L);
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                if (v.abs().compare(GT, TRIG_MAX).anyTrue()) {
                    trigScalar(x, xo + i, y, yo + i, L, cos); // lane by lane: the same bits as in a full vector
                    continue;
                }
                DoubleVector kr = v.fma(TWO_OVER_PI, SHIFT);
                DoubleVector q = kr.sub(SHIFT);
                DoubleVector r = q.fma(c(-PIO2_1), v).add(q.mul(-PIO2_2));
                DoubleVector z = r.mul(r);
                // r (1 + z P): keeps the sign of a zero r, and two roundings are nothing at float precision
                DoubleVector sinv = r.mul(z.fma(z.fma(c(SP3), c(SP2)).fma(z, c(SP1)).fma(z, c(SP0)), c(1.0)));
                DoubleVector cosv = z.fma(z.fma(c(CP3), c(CP2)).fma(z, c(CP1)).fma(z, c(CP0)), c(1.0));
                LongVector qb = kr.reinterpretAsLongs().add(qAdd);
                LongVector odd = qb.and(1L).neg();
                LongVector sb = sinv.reinterpretAsLongs();
                LongVector sel = sb.lanewise(XOR, sb.lanewise(XOR, cosv.reinterpretAsLongs()).and(odd));
                store(sel.lanewise(XOR, qb.and(2L).lanewise(LSHL, 62)).reinterpretAsDoubles(), y, yo + i);
            }
        }
        trigScalar(x, xo + i, y, yo + i, n - i, cos);
    }

    private static void trigScalar(float[] x, int xi, float[] y, int yi, int m, boolean cos) {
        if (cos) {
            for (int j = 0; j < m; j++) {
                y[yi + j] = ScalarMathFloat.cos(x[xi + j]);
            }
        } else {
            for (int j = 0; j < m; j++) {
                y[yi + j] = ScalarMathFloat.sin(x[xi + j]);
            }
        }
    }

    /**
     * {@code y = atan(x)}: |x| reduced to u in [-tan(pi/8), tan(pi/8)] by u = |x|,
     * (|x|-1)/(|x|+1) or -1/|x| (one division, chosen by blends), atan(u) = u + u z P(z), plus
     * 0, pi/4 or pi/2, sign of x restored. Measured: max 1 ulp.
     */
    static void atan(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                DoubleVector a = v.abs();
                VectorMask<Double> m1 = a.compare(GT, TAN_PI_8);
                VectorMask<Double> m2 = a.compare(GT, TAN_3PI_8);
                DoubleVector num = a.blend(a.sub(1.0), m1).blend(-1.0, m2);
                DoubleVector den = c(1.0).blend(a.add(1.0), m1).blend(a, m2);
                DoubleVector base = c(0.0).blend(PI_4, m1).blend(PI_2, m2);
                DoubleVector u = num.div(den);
                DoubleVector z = u.mul(u);
                DoubleVector p = z.fma(c(AP5), c(AP4)).fma(z, c(AP3)).fma(z, c(AP2)).fma(z, c(AP1))
                        .fma(z, c(AP0));
                DoubleVector res = u.mul(z).fma(p, u).add(base);
                store(res.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE))
                        .reinterpretAsDoubles(), y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.atan(x[xo + i]);
        }
    }

    /**
     * {@code y = tanh(x)}: a = min(|x|, 20), u = expm1(2a) (reduction as in exp, then
     * 2^k (r + r^2 Q) + 2^k - 1), tanh = u/(u+2), sign restored. Measured: max 1 ulp.
     */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                DoubleVector a = v.abs();
                a = a.blend(20.0, a.compare(GT, 20.0)).mul(2.0);
                DoubleVector kr = a.fma(INV_LN2, SHIFT);
                DoubleVector k = kr.sub(SHIFT);
                DoubleVector r = k.fma(c(-LN2_HI), a);
                DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
                DoubleVector em = r.mul(r).fma(q, r);
                DoubleVector scale = kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52)
                        .reinterpretAsDoubles();
                DoubleVector u = scale.fma(em, scale.sub(1.0));
                DoubleVector res = u.div(u.add(2.0));
                store(res.reinterpretAsLongs().or(v.reinterpretAsLongs().and(Long.MIN_VALUE))
                        .reinterpretAsDoubles(), y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.tanh(x[xo + i]);
        }
    }

    /**
     * {@code y = 1/(1+exp(-x))}, evaluated as in {@link #exp} with -x clamped to [-120, 120].
     * Measured: max 1 ulp from (float) of the double sigmoid.
     */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i).neg();
                v = v.blend(120.0, v.compare(GT, 120.0)).blend(-120.0, v.compare(LT, -120.0));
                DoubleVector kr = v.fma(INV_LN2, SHIFT);
                DoubleVector k = kr.sub(SHIFT);
                DoubleVector r = k.fma(c(-LN2_HI), v);
                DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
                DoubleVector p = r.mul(r).fma(q, r).add(1.0);
                DoubleVector scale = kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52)
                        .reinterpretAsDoubles();
                store(c(1.0).div(p.fma(scale, c(1.0))), y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.sigmoid(x[xo + i]);
        }
    }

    /**
     * {@code y = expm1(x)}: x clamped to [-60, 100], 2^k (r + r^2 Q(r)) + (2^k - 1) with one
     * FMA; -0 kept. Measured: max 1 ulp.
     */
    static void expm1(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                DoubleVector a = v.blend(100.0, v.compare(GT, 100.0)).blend(-60.0, v.compare(LT, -60.0));
                DoubleVector kr = a.fma(INV_LN2, SHIFT);
                DoubleVector k = kr.sub(SHIFT);
                DoubleVector r = k.fma(c(-LN2_HI), a);
                DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
                DoubleVector em = r.mul(r).fma(q, r);
                DoubleVector scale = kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52)
                        .reinterpretAsDoubles();
                DoubleVector res = scale.fma(em, scale.sub(1.0));
                store(res.blend(v, v.compare(EQ, 0.0)), y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.expm1(x[xo + i]);
        }
    }

    /**
     * {@code y = log1p(x)}: u = 1 + x in double (exact unless |x| &lt; 2^-29 or huge),
     * u = 2^k m; f = x when k = 0 else m - 1; then as {@link #log}. Vectors with a lane &le; -1,
     * +Inf or NaN use scalar (float) Math.log1p; -0 kept. Measured: max 1 ulp.
     */
    static void log1p(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                if (!v.compare(GT, -1.0).and(v.compare(LE, Float.MAX_VALUE)).allTrue()) {
                    log1pScalar(x, xo + i, y, yo + i, L); // lane by lane: the same bits as in a full vector
                    continue;
                }
                LongVector ix = v.add(1.0).reinterpretAsLongs().add(LOG_OFF);
                DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles()
                        .sub(EXP_BIAS_D);
                DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(1.0)
                        .blend(v, dk.compare(EQ, 0.0));
                DoubleVector s = f.div(f.add(2.0));
                DoubleVector z = s.mul(s);
                DoubleVector rr = z.fma(c(LR3), c(LR2)).fma(z, c(LR1)).fma(z, c(LR0));
                DoubleVector res = s.mul(z).fma(rr, s.add(s)).add(dk.mul(LN2_HI));
                store(res.blend(v, v.compare(EQ, 0.0)), y, yo + i);
            }
        }
        log1pScalar(x, xo + i, y, yo + i, n - i);
    }

    private static void log1pScalar(float[] x, int xi, float[] y, int yi, int m) {
        for (int j = 0; j < m; j++) {
            y[yi + j] = ScalarMathFloat.log1p(x[xi + j]);
        }
    }

    // ===========================================================================================
    // pow (two stages over chunks, see VecMathDouble)
    // ===========================================================================================

    static final int CHUNK = VecMathDouble.CHUNK;

    private static final class Scratch {
        final double[] t = new double[CHUNK];
        final float[] a = new float[CHUNK];
        final float[] b = new float[CHUNK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code y = (float) Math.pow(x, p)}: p = 0, 1, 2, -1, 0.5 are shortcuts; otherwise
     * log|x| by the fdlibm log kernel in double (relative error 2^-52), times p, exp as in
     * {@link #exp} (|p log|x|| clamped to 200), the sign of x for an odd integer p. Elements
     * that are 0, infinite or NaN (or negative when p is not an integer below 2^51) are redone
     * with Math.pow. Measured: max 1 ulp.
     */
    static void pow(float[] x, int xo, double p, float[] y, int yo, int n) {
        int i = 0;
        int upper = ACCEL && Math.abs(p) <= Double.MAX_VALUE && p != 0.0 && p != 1.0 ? D.loopBound(n) : 0;
        if (p == 2.0) {
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                store(v.mul(v), y, yo + i);
            }
        } else if (p == -1.0) {
            for (; i < upper; i += L) {
                store(c(1.0).div(load(x, xo + i)), y, yo + i);
            }
        } else if (p == 0.5) {
            for (; i < upper; i += L) {
                DoubleVector v = load(x, xo + i);
                store(v.sqrt().blend(0.0, v.compare(EQ, 0.0))
                        .blend(Double.POSITIVE_INFINITY, v.compare(EQ, Double.NEGATIVE_INFINITY)), y, yo + i);
            }
        } else if (upper > 0) {
            boolean negOk = Math.abs(p) < 0x1p51 && Math.rint(p) == p;
            boolean pOdd = negOk && (((long) p) & 1L) != 0;
            Scratch s = SCRATCH.get();
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                System.arraycopy(x, xo + i, s.a, 0, len);
                boolean special = powLogP(s.a, p, negOk, s.t, len);
                powExpP(s.a, s.t, pOdd, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        float a = s.a[j];
                        float aa = Math.abs(a);
                        if (!(aa > 0 && aa <= Float.MAX_VALUE) || (a < 0 && !negOk)) {
                            y[yo + i + j] = (float) Math.pow(a, p);
                        }
                    }
                }
                i += len;
            }
        }
        ScalarMathFloat.pow(x, xo + i, p, y, yo + i, n - i);
    }

    /** t = p log|a| clamped to [-200, 200]; true if some lane needs Math.pow. */
    private static boolean powLogP(float[] aA, double p, boolean negOk, double[] tA, int len) {
        boolean special = false;
        // never broadcast a run-time scalar inside the loop: C2 then boxes the vectors
        DoubleVector pv = DoubleVector.broadcast(D, p);
        DoubleVector minA = DoubleVector.broadcast(D, negOk ? -Double.MAX_VALUE : Double.MIN_VALUE);
        for (int j = 0; j < len; j += L) {
            DoubleVector a = load(aA, j);
            DoubleVector ax = a.abs();
            if (!ax.compare(GT, 0.0).and(ax.compare(LE, Double.MAX_VALUE)).and(a.compare(GE, minA)).allTrue()) {
                special = true;
            }
            // log|a| (fdlibm kernel in double, below 1 ulp of double)
            LongVector ix = ax.reinterpretAsLongs().add(LOG_OFF);
            DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles().sub(EXP_BIAS_D);
            DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(1.0);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.fma(c(LG6), c(LG4)).fma(w, c(LG2)).mul(w);
            DoubleVector t2 = w.fma(c(LG7), c(LG5)).fma(w, c(LG3)).fma(w, c(LG1)).mul(z);
            DoubleVector lg = s.fma(hfsq.add(t2.add(t1)), dk.mul(VecMathDouble.LN2_LO_32)).sub(hfsq).add(f)
                    .add(dk.mul(VecMathDouble.LN2_HI_32));
            DoubleVector t = lg.mul(pv);
            t.blend(200.0, t.compare(GT, 200.0)).blend(-200.0, t.compare(LT, -200.0)).intoArray(tA, j);
        }
        return special;
    }

    private static void powExpP(float[] aA, double[] tA, boolean pOdd, float[] y, int yi, int len) {
        LongVector signFlip = LongVector.broadcast(LS, pOdd ? Long.MIN_VALUE : 0L);
        for (int j = 0; j < len; j += L) {
            DoubleVector a = load(aA, j);
            // exp(t), |t| <= 200 (relative error 2^-30)
            DoubleVector t = DoubleVector.fromArray(D, tA, j);
            DoubleVector kr = t.fma(INV_LN2, SHIFT);
            DoubleVector k = kr.sub(SHIFT);
            DoubleVector r = k.fma(c(-LN2_HI), t).add(k.mul(-VecMathDouble.LN2_LO));
            DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
            DoubleVector res = r.mul(r).fma(q, r).add(1.0)
                    .mul(kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles());
            store(res.reinterpretAsLongs().lanewise(XOR, a.reinterpretAsLongs().and(signFlip))
                    .reinterpretAsDoubles(), y, yi + j);
        }
    }

    /**
     * {@code y = (float) Math.pow(a, b)} elementwise; method as the scalar-exponent version,
     * with the integer/parity test of b per lane (b == 1 returns a). Measured: max 1 ulp.
     */
    static void pow(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        if (ACCEL) {
            int upper = D.loopBound(n);
            Scratch s = upper > 0 ? SCRATCH.get() : null;
            while (i < upper) {
                int len = Math.min(CHUNK, upper - i);
                System.arraycopy(a, ao + i, s.a, 0, len);
                System.arraycopy(b, bo + i, s.b, 0, len);
                boolean special = powLogAB(s.a, s.b, s.t, len);
                powExpAB(s.a, s.b, s.t, y, yo + i, len);
                if (special) {
                    for (int j = 0; j < len; j++) {
                        float aa = Math.abs(s.a[j]);
                        if (!(aa > 0 && aa <= Float.MAX_VALUE) || !(Math.abs(s.b[j]) <= Float.MAX_VALUE)) {
                            y[yo + i + j] = (float) Math.pow(s.a[j], s.b[j]);
                        }
                    }
                }
                i += len;
            }
        }
        for (; i < n; i++) {
            y[yo + i] = ScalarMathFloat.pow(a[ao + i], b[bo + i]);
        }
    }

    private static boolean powLogAB(float[] aA, float[] bA, double[] tA, int len) {
        boolean special = false;
        for (int j = 0; j < len; j += L) {
            DoubleVector ax = load(aA, j).abs();
            DoubleVector bv = load(bA, j);
            if (!ax.compare(GT, 0.0).and(ax.compare(LE, Double.MAX_VALUE)).and(bv.abs().compare(LE, Double.MAX_VALUE))
                    .allTrue()) {
                special = true;
            }
            // log|a| (fdlibm kernel in double, below 1 ulp of double)
            LongVector ix = ax.reinterpretAsLongs().add(LOG_OFF);
            DoubleVector dk = ix.lanewise(LSHR, 52).or(TWO52_BITS).reinterpretAsDoubles().sub(EXP_BIAS_D);
            DoubleVector f = ix.and(MANT).add(LOG_M0).reinterpretAsDoubles().sub(1.0);
            DoubleVector hfsq = f.mul(0.5).mul(f);
            DoubleVector s = f.div(f.add(2.0));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.fma(c(LG6), c(LG4)).fma(w, c(LG2)).mul(w);
            DoubleVector t2 = w.fma(c(LG7), c(LG5)).fma(w, c(LG3)).fma(w, c(LG1)).mul(z);
            DoubleVector lg = s.fma(hfsq.add(t2.add(t1)), dk.mul(VecMathDouble.LN2_LO_32)).sub(hfsq).add(f)
                    .add(dk.mul(VecMathDouble.LN2_HI_32));
            DoubleVector t = lg.mul(bv);
            t.blend(200.0, t.compare(GT, 200.0)).blend(-200.0, t.compare(LT, -200.0)).intoArray(tA, j);
        }
        return special;
    }

    private static void powExpAB(float[] aA, float[] bA, double[] tA, float[] y, int yi, int len) {
        for (int j = 0; j < len; j += L) {
            DoubleVector av = load(aA, j);
            DoubleVector bv = load(bA, j);
            // exp(t), |t| <= 200 (relative error 2^-30)
            DoubleVector t = DoubleVector.fromArray(D, tA, j);
            DoubleVector kr = t.fma(INV_LN2, SHIFT);
            DoubleVector k = kr.sub(SHIFT);
            DoubleVector r = k.fma(c(-LN2_HI), t).add(k.mul(-VecMathDouble.LN2_LO));
            DoubleVector q = r.fma(c(Q5), c(Q4)).fma(r, c(Q3)).fma(r, c(Q2)).fma(r, c(Q1)).fma(r, c(Q0));
            DoubleVector res = r.mul(r).fma(q, r).add(1.0)
                    .mul(kr.reinterpretAsLongs().add(1023L).lanewise(LSHL, 52).reinterpretAsDoubles());
            // negative a: integer b -> sign by parity, else NaN (float |b| >= 2^24 is even)
            DoubleVector bs = bv.add(SHIFT);
            VectorMask<Double> notInt = bs.sub(SHIFT).compare(NE, bv);
            LongVector oddSign = bs.reinterpretAsLongs().lanewise(LSHL, 63).and(av.reinterpretAsLongs());
            res = res.reinterpretAsLongs().lanewise(XOR, oddSign).reinterpretAsDoubles();
            res = res.blend(Double.NaN, av.compare(LT, 0.0).and(notInt)).blend(av, bv.compare(EQ, 1.0));
            store(res, y, yi + j);
        }
    }
}
