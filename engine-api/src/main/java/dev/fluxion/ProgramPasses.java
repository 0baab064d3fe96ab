package dev.fluxion;

import dev.fluxion.spi.FusedProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small passes over a {@link FusedProgram}, each program in, program out: common
 * subexpressions merged (derivative programs trace the forward values more than once), then
 * instructions that no output needs dropped. Instructions are pure, so neither changes a value.
 */
final class ProgramPasses {
  private ProgramPasses() {}

  static FusedProgram simplify(FusedProgram p) {
    return eliminateDeadCode(mergeCommonSubexpressions(p));
  }

  /** Each instruction that repeats an earlier one (same op, same operands) reads the earlier register instead. */
  static FusedProgram mergeCommonSubexpressions(FusedProgram p) {
    int n = p.inputs();
    int[] rename = identity(p.registers());
    Map<FusedProgram.Op, Integer> seen = new HashMap<>();
    List<FusedProgram.Op> ops = new ArrayList<>();
    int[] newIndex = new int[p.registers()];
    for (int i = 0; i < n; i++) {
      newIndex[i] = i;
    }
    for (int i = 0; i < p.ops().size(); i++) {
      FusedProgram.Op op = renamed(p.ops().get(i), rename, newIndex);
      Integer earlier = seen.get(op);
      if (earlier != null) {
        rename[n + i] = earlier;
      } else {
        ops.add(op);
        newIndex[n + i] = n + ops.size() - 1;
        seen.put(op, n + i);
      }
    }
    int[] outputs = new int[p.outputs().length];
    for (int j = 0; j < outputs.length; j++) {
      outputs[j] = newIndex[rename[p.outputs()[j]]];
    }
    return new FusedProgram(p.dtype(), n, ops, outputs, p.reduction());
  }

  /** Drops instructions whose values reach no output, renumbering the rest. */
  static FusedProgram eliminateDeadCode(FusedProgram p) {
    int n = p.inputs();
    boolean[] live = new boolean[p.registers()];
    for (int o : p.outputs()) {
      live[o] = true;
    }
    for (int i = p.ops().size() - 1; i >= 0; i--) {
      if (live[n + i]) {
        for (int r : operands(p.ops().get(i))) {
          live[r] = true;
        }
      }
    }
    int[] newIndex = identity(p.registers());
    List<FusedProgram.Op> ops = new ArrayList<>();
    int[] keep = identity(p.registers());
    for (int i = 0; i < p.ops().size(); i++) {
      if (live[n + i]) {
        ops.add(renamed(p.ops().get(i), keep, newIndex));
        newIndex[n + i] = n + ops.size() - 1;
      }
    }
    int[] outputs = new int[p.outputs().length];
    for (int j = 0; j < outputs.length; j++) {
      outputs[j] = newIndex[p.outputs()[j]];
    }
    return new FusedProgram(p.dtype(), n, ops, outputs, p.reduction());
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

  /** The instruction reading register {@code index[rename[r]]} for each operand r. */
  private static FusedProgram.Op renamed(FusedProgram.Op op, int[] rename, int[] index) {
    if (op instanceof FusedProgram.Unary u) {
      return new FusedProgram.Unary(u.op(), index[rename[u.x()]]);
    }
    if (op instanceof FusedProgram.Binary b) {
      return new FusedProgram.Binary(b.op(), index[rename[b.a()]], index[rename[b.b()]]);
    }
    if (op instanceof FusedProgram.Where w) {
      return new FusedProgram.Where(index[rename[w.cond()]], index[rename[w.a()]], index[rename[w.b()]]);
    }
    if (op instanceof FusedProgram.NonZero z) {
      return new FusedProgram.NonZero(index[rename[z.x()]]);
    }
    return op;
  }

  private static int[] identity(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
