package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prebuilt program interpreter (fused-interp.c), one program per floating dtype in the
 * {@link Family#FUSED} family, built for CUDA into the fatbins like every other program: its
 * switch has one case per op, written from the same expression tables as the map kernels and
 * the generated fused kernels. Kernels {@code fused_interp_<dtype>_map}, {@code _each},
 * {@code _partial} and {@code _final}; every one takes {@value #SLOTS} pointer slots, the code
 * and constants of a {@link FusedCode}, the partial results of a tree, and a
 * {@code FusedInterpLayout}.
 */
final class FusedInterpreter {
  /** Tensor operands (outputs and tensor inputs) the interpreter addresses (FX_SLOTS). */
  static final int SLOTS = 8;
  /** Inputs a program may have (FX_INPUTS). */
  static final int INPUTS = 16;
  /** Registers after reallocation (FX_REGS). */
  static final int REGISTERS = 64;

  private FusedInterpreter() {}

  enum Stage { MAP, EACH, PARTIAL, FINAL }

  static KernelRef kernel(DType t, Stage stage) {
    return new KernelRef(new ProgramKey(Family.FUSED, t),
        "fused_interp_" + CTypes.suffix(t) + "_" + stage.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Why the interpreter cannot run a program with these counts, or null when it can. */
  static String capacity(int tensorOperands, int inputs, int registers) {
    if (tensorOperands > SLOTS) {
      return tensorOperands + " tensor operands (the interpreter addresses " + SLOTS + ")";
    }
    if (inputs > INPUTS) {
      return inputs + " inputs (the interpreter takes " + INPUTS + ")";
    }
    if (registers > REGISTERS) {
      return registers + " live registers (the interpreter holds " + REGISTERS + ")";
    }
    return null;
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType t = key.dtype();
    if (!t.isFloating()) {
      throw new IllegalArgumentException(key + ": fused programs are floating");
    }
    String real = CTypes.of(t);
    StringBuilder cases = new StringBuilder();
    for (UnaryOp op : UnaryOp.values()) {
      cases.append("      case ").append(op.ordinal()).append(": v = (").append(real).append(")(")
          .append(UnaryExpressions.floating(op).replace("$T", real)).append("); break;\n");
    }
    for (BinaryOp op : BinaryOp.values()) {
      cases.append("      case ").append(FusedCode.BINARY + op.ordinal()).append(": { const ").append(real)
          .append(" a = x; const ").append(real).append(" b = y; v = (").append(real).append(")(")
          .append(BinaryExpressions.floating(op).replace("$T", real)).append("); } break;\n");
    }
    Map<String, String> v = new HashMap<>();
    v.put("REAL", real);
    v.put("ACC", target.fp64() ? "double" : real);
    v.put("SUFFIX", CTypes.suffix(t));
    v.put("CASES", cases.toString().stripTrailing());
    v.put("GROUP", Integer.toString(ReduceKernels.GROUP));
    v.put("SUM", FusedKernels.combine(ReduceOp.SUM));
    v.put("MAX", FusedKernels.combine(ReduceOp.MAX));
    v.put("MIN", FusedKernels.combine(ReduceOp.MIN));
    return new ProgramSource(key, target, List.of("fused.h"), List.of(Template.render("fused-interp.c", v)));
  }
}
