package dev.fluxion.spi;

import dev.fluxion.DType;
import java.util.List;

/**
 * An elementwise program over {@code inputs} tensors of one floating dtype, run in one pass
 * over the elements: registers {@code 0 .. inputs-1} hold the inputs, register
 * {@code inputs + i} the result of op {@code i}; {@code outputs} lists the registers written
 * out. Comparisons give 1 or 0 in the program's dtype, and {@link Where} tests for non-zero.
 * A program means exactly the composition of the primitives it was traced from, so a backend
 * may run it op by op; fusing it saves the memory traffic of the intermediates.
 */
public record FusedProgram(DType dtype, int inputs, List<Op> ops, int[] outputs) {
  /** One instruction. */
  public sealed interface Op permits Const, Unary, Binary, Where, NonZero {}

  /** A constant (already rounded to the program's dtype). */
  public record Const(double value) implements Op {}

  public record Unary(UnaryOp op, int x) implements Op {}

  public record Binary(BinaryOp op, int a, int b) implements Op {}

  /** {@code cond != 0 ? a : b}. */
  public record Where(int cond, int a, int b) implements Op {}

  /** {@code x != 0 ? 1 : 0} (a cast to bool). */
  public record NonZero(int x) implements Op {}

  public FusedProgram {
    ops = List.copyOf(ops);
    outputs = outputs.clone();
  }

  /** Number of registers. */
  public int registers() {
    return inputs + ops.size();
  }

  /** A canonical text of the program (a cache key for compiled kernels). */
  public String text() {
    StringBuilder b = new StringBuilder(dtype.numpyName()).append('(').append(inputs).append(')');
    for (int i = 0; i < ops.size(); i++) {
      b.append(" r").append(inputs + i).append('=').append(ops.get(i));
    }
    b.append(" ->");
    for (int o : outputs) {
      b.append(" r").append(o);
    }
    return b.toString();
  }
}
