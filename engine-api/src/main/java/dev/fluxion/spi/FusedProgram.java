package dev.fluxion.spi;

import dev.fluxion.DType;
import java.util.Arrays;
import java.util.List;

/**
 * An elementwise program over {@code inputs} tensors of one floating dtype, run in one pass
 * over the elements: registers {@code 0 .. inputs-1} hold the inputs, register
 * {@code inputs + i} the result of op {@code i}; {@code outputs} lists the registers written
 * out. Comparisons give 1 or 0 in the program's dtype, and {@link Where} tests for non-zero.
 * A program means exactly the composition of the primitives it was traced from, so a backend
 * may run it op by op; fusing it saves the memory traffic of the intermediates.
 *
 * <p>With a {@link Reduction} epilogue, each output register is reduced over the given axes of
 * the iteration (the inputs' shape) instead of being stored element by element: output
 * {@code j} is {@code reduction.ops[j]} of its register over those axes, in the same pass. So
 * {@code sum((f(x) − y)²)} or a row-wise {@code Σ exp(z − m)} is one kernel.
 *
 * @param dtype the floating dtype of every register
 * @param inputs number of input registers
 * @param ops the instructions, in order
 * @param outputs the registers written out (or reduced), one per output
 * @param reduction null for an elementwise program, else how every output is reduced
 */
public record FusedProgram(DType dtype, int inputs, List<Op> ops, int[] outputs, Reduction reduction) {
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

  /**
   * A reduction epilogue: output {@code j} is {@code ops[j]} (SUM, MAX or MIN, with the
   * semantics of {@link DeviceBackend#reduce}) of its register over {@code axes} (sorted,
   * distinct axes of the iteration shape). The output views have the iteration shape without
   * those axes.
   */
  public record Reduction(int[] axes, ReduceOp[] ops) {
    public Reduction {
      axes = axes.clone();
      ops = ops.clone();
      for (int i = 0; i < axes.length; i++) {
        if (axes[i] < 0 || (i > 0 && axes[i] <= axes[i - 1])) {
          throw new IllegalArgumentException("fused reduction: axes " + Arrays.toString(axes) + " must be sorted and distinct");
        }
      }
      for (ReduceOp op : ops) {
        if (op != ReduceOp.SUM && op != ReduceOp.MAX && op != ReduceOp.MIN) {
          throw new IllegalArgumentException("fused reduction: " + op + " is not SUM, MAX or MIN");
        }
      }
    }

    /** Whether every output is summed (the reductions whose derivatives are again fused programs). */
    public boolean allSums() {
      for (ReduceOp op : ops) {
        if (op != ReduceOp.SUM) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reduction r && Arrays.equals(axes, r.axes) && Arrays.equals(ops, r.ops);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(axes) + Arrays.hashCode(ops);
    }

    @Override
    public String toString() {
      return "reduce" + Arrays.toString(ops) + " over axes " + Arrays.toString(axes);
    }
  }

  public FusedProgram {
    ops = List.copyOf(ops);
    outputs = outputs.clone();
    if (outputs.length == 0) {
      throw new IllegalArgumentException("a fused program needs at least one output");
    }
    for (int o : outputs) {
      if (o < 0 || o >= inputs + ops.size()) {
        throw new IllegalArgumentException("fused program: output register r" + o + " does not exist (" + (inputs + ops.size())
            + " registers)");
      }
    }
    if (reduction != null && reduction.ops().length != outputs.length) {
      throw new IllegalArgumentException("fused program: " + outputs.length + " outputs but " + reduction.ops().length
          + " reduction ops");
    }
  }

  /** An elementwise program (no reduction). */
  public FusedProgram(DType dtype, int inputs, List<Op> ops, int[] outputs) {
    this(dtype, inputs, ops, outputs, null);
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
    if (reduction != null) {
      b.append(' ').append(reduction);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusedProgram p && dtype == p.dtype && inputs == p.inputs && ops.equals(p.ops)
        && Arrays.equals(outputs, p.outputs) && java.util.Objects.equals(reduction, p.reduction);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(dtype, inputs, ops, Arrays.hashCode(outputs), reduction);
  }

  @Override
  public String toString() {
    return text();
  }
}
