package dev.fluxion.kernels;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link FusedProgram} encoded for the interpreter kernel (fused-interp.c): registers
 * reallocated so that a value's register is reused once its last reader has run (a program of
 * hundreds of instructions usually needs a few dozen), then one int array:
 *
 * <pre>
 * [0] inputs  [1] instructions  [2] outputs  [3] registers
 * inputs × 1:        the register input i is loaded into, or -1 when no instruction reads it
 * instructions × 5:  opcode, destination, a, b, c
 * outputs × 2:       the register written out, and its reduction (-1 none, 0 sum, 1 max, 2 min)
 * </pre>
 *
 * Opcodes: a unary op's ordinal; {@link #BINARY} + a binary op's ordinal; {@link #WHERE}
 * ({@code a != 0 ? b : c}); {@link #NON_ZERO}; {@link #CONST} (a = index into the constants).
 *
 * @param code the encoded program
 * @param constants the values of the CONST instructions, in order
 * @param registers registers the interpreter needs
 */
record FusedCode(int[] code, double[] constants, int registers) {
  static final int BINARY = 32;
  static final int WHERE = 64;
  static final int NON_ZERO = 65;
  static final int CONST = 66;
  static final int HEADER = 4;
  static final int WORDS = 5;

  static FusedCode of(FusedProgram p) {
    int n = p.inputs();
    int count = p.registers();
    int[] lastUse = new int[count];
    java.util.Arrays.fill(lastUse, -1);
    List<FusedProgram.Op> ops = p.ops();
    for (int i = 0; i < ops.size(); i++) {
      for (int r : operands(ops.get(i))) {
        lastUse[r] = i;
      }
    }
    for (int o : p.outputs()) {
      lastUse[o] = Integer.MAX_VALUE;
    }
    int[] assigned = new int[count];
    java.util.Arrays.fill(assigned, -1);
    Deque<Integer> free = new ArrayDeque<>();
    int[] next = {0};
    for (int i = 0; i < n; i++) {
      if (lastUse[i] >= 0) {
        assigned[i] = take(free, next);
      }
    }
    List<Double> constants = new ArrayList<>();
    int[] code = new int[HEADER + n + WORDS * ops.size() + 2 * p.outputs().length];
    code[0] = n;
    code[1] = ops.size();
    code[2] = p.outputs().length;
    for (int i = 0; i < n; i++) {
      code[HEADER + i] = assigned[i];
    }
    int at = HEADER + n;
    for (int i = 0; i < ops.size(); i++) {
      FusedProgram.Op op = ops.get(i);
      int[] in = operands(op);
      int[] reg = new int[3];
      for (int k = 0; k < in.length; k++) {
        reg[k] = assigned[in[k]];
      }
      for (int k = in.length; k < 3; k++) {
        reg[k] = in.length > 0 ? reg[0] : 0;
      }
      for (int r : in) {
        if (lastUse[r] == i && assigned[r] >= 0 && !free.contains(assigned[r])) {
          free.push(assigned[r]);
        }
      }
      int dst = n + i;
      assigned[dst] = take(free, next);
      code[at] = opcode(op);
      code[at + 1] = assigned[dst];
      if (op instanceof FusedProgram.Const c) {
        reg[0] = constants.size();
        constants.add(c.value());
      }
      System.arraycopy(reg, 0, code, at + 2, 3);
      if (lastUse[dst] < 0) {
        free.push(assigned[dst]); // never read: its register is free at once
      }
      at += WORDS;
    }
    ReduceOp[] reductions = p.reduction() == null ? null : p.reduction().ops();
    for (int j = 0; j < p.outputs().length; j++) {
      code[at++] = assigned[p.outputs()[j]];
      code[at++] = reductions == null ? -1 : reductions[j].ordinal();
    }
    code[3] = Math.max(1, next[0]);
    double[] c = new double[constants.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = constants.get(i);
    }
    return new FusedCode(code, c, code[3]);
  }

  private static int take(Deque<Integer> free, int[] next) {
    return free.isEmpty() ? next[0]++ : free.pop();
  }

  static int opcode(FusedProgram.Op op) {
    if (op instanceof FusedProgram.Unary u) {
      return u.op().ordinal();
    }
    if (op instanceof FusedProgram.Binary b) {
      return BINARY + b.op().ordinal();
    }
    if (op instanceof FusedProgram.Where) {
      return WHERE;
    }
    if (op instanceof FusedProgram.NonZero) {
      return NON_ZERO;
    }
    return CONST;
  }

  /** The registers an instruction reads. */
  static int[] operands(FusedProgram.Op op) {
    if (op instanceof FusedProgram.Unary u) {
      return new int[] {u.x()};
    }
    if (op instanceof FusedProgram.Binary b) {
      return new int[] {b.a(), b.b()};
    }
    if (op instanceof FusedProgram.Where w) {
      return new int[] {w.cond(), w.a(), w.b()};
    }
    if (op instanceof FusedProgram.NonZero z) {
      return new int[] {z.x()};
    }
    return new int[0];
  }
}
