package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.spi.UnaryOp;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD kernel of {@link VecMath} and its scalar twin ({@link ScalarMathDouble},
 * {@link ScalarMathFloat}) give the same bits for every element — so a result never depends on
 * whether the kernel had been compiled yet, on the length of the run or on an element's position
 * in it. The inputs mix every special value (zeros, subnormals, ±Inf, NaN, the kernels' own
 * thresholds) with random values of every magnitude, so that vectors holding special lanes are
 * covered; each kernel runs on the whole array and, shifted, with a scalar tail. (NaN results
 * are compared as NaN, whatever their payload.)
 */
class ScalarTwinTest {
  static final int N = 20_000;

  @BeforeAll
  static void requireVectorApi() {
    assumeTrue(Simd.ENABLED, "jdk.incubator.vector not in the boot layer: " + Simd.describe());
  }

  private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      0x1p-1030, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
      1.0, -1.0, 0.5, -0.5, 2.0, 22.0, -22.0, 20.0, 45.0, -45.0, 60.0, -60.0, 100.0, 110.0, -110.0, 120.0, -120.0,
      707.9, 708.0, 708.1, -708.1, 709.0, 709.5, -709.5, 710.0, 745.0, -745.0, -746.0, -750.0, 0x1p24, 0x1p28,
      -0x1p28, 0x1.0000001p28, 1e300, -1e300, Math.PI, Math.PI / 2, Math.PI / 4, 0.4375, 0.6875, 1.1875, 2.4375,
      -0.999999, -1.000001, 1e-10, -1e-10, 3.0, -3.0, 7.0, 1e10, 0x1p51, 0x1p52, -0x1p53};

  /** Specials and random values of every magnitude and sign, in random order. */
  private static double[] inputs(long seed, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      int kind = r.nextInt(10);
      if (kind == 0) {
        x[i] = SPECIAL[r.nextInt(SPECIAL.length)];
      } else if (kind < 4) {
        x[i] = Math.scalb(r.nextDouble(0.5, 1), r.nextInt(-1074, 1024)) * (r.nextBoolean() ? 1 : -1);
      } else {
        x[i] = (r.nextDouble() * 2 - 1) * scale * Math.pow(10, r.nextInt(-3, 3));
      }
    }
    return x;
  }

  private static float[] floats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  private static void same(String what, double[] x, double[] vector, DoubleUnaryOperator twin, int from) {
    for (int i = from; i < vector.length; i++) {
      double t = twin.applyAsDouble(x[i]);
      if (Double.doubleToLongBits(t) != Double.doubleToLongBits(vector[i])) {
        fail(what + " at x = " + x[i] + " (" + Double.toHexString(x[i]) + "): kernel " + vector[i] + ", twin " + t);
      }
    }
  }

  private static void same(String what, float[] x, float[] vector, DoubleUnaryOperator twin, int from) {
    for (int i = from; i < vector.length; i++) {
      float t = (float) twin.applyAsDouble(x[i]);
      if (Float.floatToIntBits(t) != Float.floatToIntBits(vector[i])) {
        fail(what + " at x = " + x[i] + " (" + Float.toHexString(x[i]) + "): kernel " + vector[i] + ", twin " + t);
      }
    }
  }

  private static DoubleUnaryOperator doubleTwin(UnaryOp op) {
    return switch (op) {
      case EXP -> ScalarMathDouble::exp;
      case LOG -> ScalarMathDouble::log;
      case SIN -> ScalarMathDouble::sin;
      case COS -> ScalarMathDouble::cos;
      case ATAN -> ScalarMathDouble::atan;
      case TANH -> ScalarMathDouble::tanh;
      case SIGMOID -> ScalarMathDouble::sigmoid;
      case EXPM1 -> ScalarMathDouble::expm1;
      case LOG1P -> ScalarMathDouble::log1p;
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  private static DoubleUnaryOperator floatTwin(UnaryOp op) {
    return switch (op) {
      case EXP -> v -> ScalarMathFloat.exp((float) v);
      case LOG -> v -> ScalarMathFloat.log((float) v);
      case SIN -> v -> ScalarMathFloat.sin((float) v);
      case COS -> v -> ScalarMathFloat.cos((float) v);
      case ATAN -> v -> ScalarMathFloat.atan((float) v);
      case TANH -> v -> ScalarMathFloat.tanh((float) v);
      case SIGMOID -> v -> ScalarMathFloat.sigmoid((float) v);
      case EXPM1 -> v -> ScalarMathFloat.expm1((float) v);
      case LOG1P -> v -> ScalarMathFloat.log1p((float) v);
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  @Test
  void everyDoubleKernelAndItsTwinGiveTheSameBits() {
    for (UnaryOp op : UnaryOp.values()) {
      if (!SimdLoops.covers(op)) {
        continue;
      }
      for (double scale : new double[] {3, 50, 800}) {
        double[] x = inputs(op.ordinal() * 31L + (long) scale, scale);
        double[] y = new double[N];
        SimdLoops.unary(op, x, 0, y, 0, N);
        same(op + " (double)", x, y, doubleTwin(op), 0);
        double[] z = new double[N];
        SimdLoops.unary(op, x, 3, z, 1, N - 7); // other alignment, scalar tail
        double[] shifted = java.util.Arrays.copyOfRange(x, 3, N - 4);
        same(op + " (double, shifted)", shifted, java.util.Arrays.copyOfRange(z, 1, N - 6), doubleTwin(op), 0);
      }
    }
  }

  @Test
  void everyFloatKernelAndItsTwinGiveTheSameBits() {
    for (UnaryOp op : UnaryOp.values()) {
      if (!SimdLoops.covers(op)) {
        continue;
      }
      for (double scale : new double[] {3, 50, 800}) {
        float[] x = floats(inputs(op.ordinal() * 37L + (long) scale, scale));
        float[] y = new float[N];
        SimdLoops.unary(op, x, 0, y, 0, N);
        same(op + " (float)", x, y, floatTwin(op), 0);
        float[] z = new float[N];
        SimdLoops.unary(op, x, 5, z, 2, N - 9);
        float[] shifted = java.util.Arrays.copyOfRange(x, 5, N - 4);
        same(op + " (float, shifted)", shifted, java.util.Arrays.copyOfRange(z, 2, N - 7), floatTwin(op), 0);
      }
    }
  }

  private static final double[] EXPONENTS = {0.0, 1.0, 2.0, -1.0, 0.5, 3.0, -2.0, 0.3, -0.7, 1.0 / 22930, 1e10, -1e-3,
      5.0, 0x1p52 + 1, 1.5, Double.POSITIVE_INFINITY, Double.NaN};

  @Test
  void thePowKernelsAndTheirTwinsGiveTheSameBits() {
    double[] a = inputs(91, 5);
    float[] af = floats(a);
    for (double p : EXPONENTS) {
      double[] y = new double[N];
      SimdLoops.pow(a, 0, p, y, 0, N);
      double[] t = new double[N];
      ScalarMathDouble.pow(a, 0, p, t, 0, N);
      same("pow(x, " + p + ") (double)", a, y, v -> {
        double[] one = new double[1];
        ScalarMathDouble.pow(new double[] {v}, 0, p, one, 0, 1);
        return one[0];
      }, 0);
      float[] yf = new float[N];
      SimdLoops.pow(af, 0, p, yf, 0, N);
      same("pow(x, " + p + ") (float)", af, yf, v -> {
        float[] one = new float[1];
        ScalarMathFloat.pow(new float[] {(float) v}, 0, p, one, 0, 1);
        return one[0];
      }, 0);
    }
    SplittableRandom r = new SplittableRandom(5);
    double[] b = new double[N];
    for (int i = 0; i < N; i++) {
      b[i] = r.nextInt(4) == 0 ? EXPONENTS[r.nextInt(EXPONENTS.length)] : r.nextInt(3) == 0 ? r.nextInt(-9, 10)
          : (r.nextDouble() * 2 - 1) * 40;
    }
    double[] y = new double[N];
    SimdLoops.pow(a, 0, b, 0, y, 0, N);
    for (int i = 0; i < N; i++) {
      double t = ScalarMathDouble.pow(a[i], b[i]);
      if (Double.doubleToLongBits(t) != Double.doubleToLongBits(y[i])) {
        fail("pow(" + a[i] + ", " + b[i] + ") (double): kernel " + y[i] + ", twin " + t);
      }
    }
    float[] bf = floats(b);
    float[] yf = new float[N];
    SimdLoops.pow(af, 0, bf, 0, yf, 0, N);
    for (int i = 0; i < N; i++) {
      float t = ScalarMathFloat.pow(af[i], bf[i]);
      if (Float.floatToIntBits(t) != Float.floatToIntBits(yf[i])) {
        fail("pow(" + af[i] + ", " + bf[i] + ") (float): kernel " + yf[i] + ", twin " + t);
      }
    }
  }

  /** The loops the backend runs route every element of a SIMD op through the kernel or its twin, whatever the length. */
  @Test
  void shortRunsAndTailsGetTheKernelsBits() {
    double[] x = inputs(17, 10);
    for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIN}) {
      double[] whole = new double[N];
      DoubleLoops.unary(op, x, 0, whole, 0, N);
      double[] pieces = new double[N];
      for (int i = 0, len = 1; i < N; i += len, len = len % 40 + 1) {
        DoubleLoops.unary(op, x, i, pieces, i, Math.min(len, N - i));
      }
      for (int i = 0; i < N; i++) {
        if (Double.doubleToLongBits(whole[i]) != Double.doubleToLongBits(pieces[i])) {
          fail(op + " at x = " + x[i] + ": in one run " + whole[i] + ", in short runs " + pieces[i]);
        }
      }
    }
  }
}
