package dev.fluxion.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A FLOAT32 op gives the same bits whatever the layout of its operands: dense, strided (every
 * other element) or an immediate broadcast to the whole shape. A strided or immediate operand
 * once went through double arithmetic, and a FLOAT32 immediate kept its unrounded double (0.734
 * instead of 0.734f): {@code acos(tan(x))} then differed by 5 ulps between a fused program and
 * the same ops one by one.
 */
class LayoutIndependenceTest {
  private static final int N = 3000;
  private static final DeviceBackend CPU = new CpuBackend().open(0);

  private static float[] values(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[N];
    for (int i = 0; i < N; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(-2, 2)));
    }
    v[0] = 0.734f;
    return v;
  }

  private static View dense(float[] v) {
    Buffer b = CPU.allocate(DType.FLOAT32, v.length);
    CPU.write(b, 0, v, 0, v.length);
    return View.contiguous(b, new long[] {v.length});
  }

  /** The same values at every other element of a buffer twice as long. */
  private static View strided(float[] v) {
    float[] spread = new float[2 * v.length];
    for (int i = 0; i < v.length; i++) {
      spread[2 * i] = v[i];
      spread[2 * i + 1] = Float.NaN;
    }
    Buffer b = CPU.allocate(DType.FLOAT32, spread.length);
    CPU.write(b, 0, spread, 0, spread.length);
    return new View(b, new long[] {v.length}, new long[] {2}, 0);
  }

  /** The value, unrounded, as a FLOAT32 immediate broadcast to N elements. */
  private static View immediate(double value) {
    return new View(new ImmediateBuffer(DType.FLOAT32, value), new long[] {N}, new long[] {0}, 0);
  }

  private static float[] read(View v) {
    float[] out = new float[N];
    CPU.read(v.buffer(), v.offset(), out, 0, N);
    CPU.release(v.buffer());
    return out;
  }

  private static View out() {
    return View.contiguous(CPU.allocate(DType.FLOAT32, N), new long[] {N});
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    for (int i = 0; i < N; i++) {
      assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
          () -> what + ": bits differ from the dense run");
    }
  }

  @ParameterizedTest
  @EnumSource(UnaryOp.class)
  void aUnaryOpGivesTheSameBitsDenseStridedAndImmediate(UnaryOp op) {
    float[] x = values(op.ordinal());
    View dense = out();
    CPU.unary(op, dense(x), dense);
    float[] expected = read(dense);
    View strided = out();
    CPU.unary(op, strided(x), strided);
    assertSameBits(expected, read(strided), op + " of a strided input");
    View imm = out();
    CPU.unary(op, immediate(0.734), imm);
    float[] broadcast = read(imm);
    for (int i = 0; i < N; i++) {
      assertEquals(Float.floatToIntBits(expected[0]), Float.floatToIntBits(broadcast[i]),
          op + " of the immediate 0.734 is " + broadcast[i] + ", of 0.734f in a dense run " + expected[0]);
    }
  }

  @ParameterizedTest
  @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "POW", "MAX", "MIN", "ATAN2"})
  void aBinaryOpGivesTheSameBitsDenseStridedAndImmediate(BinaryOp op) {
    float[] a = values(100 + op.ordinal());
    float[] b = values(200 + op.ordinal());
    View dense = out();
    CPU.binary(op, dense(a), dense(b), dense);
    float[] expected = read(dense);
    View strided = out();
    CPU.binary(op, strided(a), strided(b), strided);
    assertSameBits(expected, read(strided), op + " of strided inputs");
    float[] constant = new float[N];
    java.util.Arrays.fill(constant, 0.734f);
    View withDenseConstant = out();
    CPU.binary(op, strided(a), dense(constant), withDenseConstant);
    View withImmediate = out();
    CPU.binary(op, strided(a), immediate(0.734), withImmediate);
    assertSameBits(read(withDenseConstant), read(withImmediate), op + " of a strided input and the immediate 0.734");
  }
}
