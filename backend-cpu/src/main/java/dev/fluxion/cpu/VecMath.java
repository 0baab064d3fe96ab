package dev.fluxion.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD elementwise transcendental kernels over arrays, built on the incubating Vector API.
 * Only load this class when {@link Simd#ENABLED} is true.
 *
 * <p>Every kernel computes {@code y[yo .. yo+n) = f(x[xo .. xo+n))}; {@code x} and {@code y} may
 * be the same array with the same offset (in place). Whole vectors go through the SIMD code; the
 * last {@code n % lanes} elements use the scalar {@code Math}/{@code StrictMath} function (or
 * the scalar formula given in the kernel's documentation).
 *
 * <p>Accuracy: double kernels are within 2 ulp of {@code StrictMath} (pow: 4 ulp), float kernels
 * within 2 float-ulp of {@code (float) Math.f((double) x)}; special values (NaN, ±0, ±Inf,
 * overflow, underflow to subnormals and zero) follow the {@code Math} spec. The measured maximum
 * errors are listed on the implementations in {@link VecMathDouble} and {@link VecMathFloat}
 * and checked by {@code VecMathTest}.
 *
 * <p>Vector width: {@code -Dfluxion.cpu.simd.bits=256|512} (see {@link Simd}); 512 falls back to
 * 256 on hardware without 512-bit vectors. Where the hardware has no 256-bit vectors at all,
 * {@link #ACCELERATED} is false and every kernel runs its scalar loop (Vector API code would be
 * far slower than scalar there).
 */
final class VecMath {

    private VecMath() {
    }

    /** Vector width in bits actually used by the double kernels. */
    static final int BITS = pickBits();

    /** False when the hardware lacks 256-bit vectors: the kernels then run scalar loops. */
    static final boolean ACCELERATED =
            DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    /** Species of the double kernels. */
    static final VectorSpecies<Double> D =
            BITS == 512 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;

    /** Long species with the lanes of {@link #D} (bit manipulation of doubles). */
    static final VectorSpecies<Long> LS =
            BITS == 512 ? jdk.incubator.vector.LongVector.SPECIES_512 : jdk.incubator.vector.LongVector.SPECIES_256;

    /**
     * Float species with as many lanes as {@link #D}: float kernels widen each float vector to a
     * double vector, compute in double precision and round once at the end.
     */
    static final VectorSpecies<Float> F =
            BITS == 512 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;

    private static int pickBits() {
        int hw = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        return Simd.REQUESTED_BITS >= 512 && hw >= 512 ? 512 : 256;
    }

    static String describe() {
        if (!ACCELERATED) {
            return "scalar (Vector API present but the CPU has no 256-bit vectors)";
        }
        return "SIMD (Vector API, " + BITS + "-bit)";
    }

    // ---------------------------------------------------------------------------------------
    // double
    // ---------------------------------------------------------------------------------------

    static void exp(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.exp(x, xo, y, yo, n);
    }

    static void log(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.log(x, xo, y, yo, n);
    }

    static void sin(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.sin(x, xo, y, yo, n);
    }

    static void cos(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.cos(x, xo, y, yo, n);
    }

    static void atan(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.atan(x, xo, y, yo, n);
    }

    static void tanh(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.tanh(x, xo, y, yo, n);
    }

    static void sigmoid(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.sigmoid(x, xo, y, yo, n);
    }

    static void expm1(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.expm1(x, xo, y, yo, n);
    }

    static void log1p(double[] x, int xo, double[] y, int yo, int n) {
        VecMathDouble.log1p(x, xo, y, yo, n);
    }

    /** {@code y[i] = Math.pow(x[i], p)} (same special cases, within 4 ulp). */
    static void pow(double[] x, int xo, double p, double[] y, int yo, int n) {
        VecMathDouble.pow(x, xo, p, y, yo, n);
    }

    /** {@code y[i] = Math.pow(a[i], b[i])} (same special cases, within 4 ulp). */
    static void pow(double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        VecMathDouble.pow(a, ao, b, bo, y, yo, n);
    }

    // ---------------------------------------------------------------------------------------
    // float
    // ---------------------------------------------------------------------------------------

    static void exp(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.exp(x, xo, y, yo, n);
    }

    static void log(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.log(x, xo, y, yo, n);
    }

    static void sin(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.sin(x, xo, y, yo, n);
    }

    static void cos(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.cos(x, xo, y, yo, n);
    }

    static void atan(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.atan(x, xo, y, yo, n);
    }

    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.tanh(x, xo, y, yo, n);
    }

    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.sigmoid(x, xo, y, yo, n);
    }

    static void expm1(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.expm1(x, xo, y, yo, n);
    }

    static void log1p(float[] x, int xo, float[] y, int yo, int n) {
        VecMathFloat.log1p(x, xo, y, yo, n);
    }

    /** {@code y[i] = (float) Math.pow(x[i], p)} with the exponent as given (a float widened). */
    static void pow(float[] x, int xo, double p, float[] y, int yo, int n) {
        VecMathFloat.pow(x, xo, p, y, yo, n);
    }

    /** {@code y[i] = (float) Math.pow(a[i], b[i])}. */
    static void pow(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        VecMathFloat.pow(a, ao, b, bo, y, yo, n);
    }
}
