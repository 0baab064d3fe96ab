package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.ReduceOp;
import java.util.List;

/**
 * The kernel generator for {@link FusedProgram}s: one program text becomes one compile unit in
 * the single-source dialect, its registers local variables and each instruction one line built
 * from the same expression tables as the map kernels ({@link UnaryExpressions},
 * {@link BinaryExpressions}), so that a fused result equals the unfused one wherever the
 * dialect's math is deterministic (fused.h turns off FMA contraction).
 *
 * <p>An elementwise program compiles to {@code <id>_dense} and {@code <id>_strided}; a program
 * with a reduction to {@code <id>_each} (one work-item per output), {@code <id>_partial} and
 * {@code <id>_final} (the two stages of a tree for few, long blocks). Arguments: one pointer per
 * tensor operand (the outputs, then the inputs that are tensors), for reductions the partial
 * results, then the layout struct ({@link FusedLayout}) whose {@code s} holds the immediate
 * inputs' values.
 */
final class FusedKernels {
  /** Axes of a fused iteration after merging (FX_RANK in fused.h). */
  static final int RANK = 4;

  private FusedKernels() {}

  /** What one compiled unit is specialised for: the program, which inputs are immediates, the device. */
  record Spec(FusedProgram program, boolean[] immediate, Target target) {
    int tensorOperands() {
      int k = program.outputs().length;
      for (boolean b : immediate) {
        k += b ? 0 : 1;
      }
      return k;
    }

    int immediates() {
      int s = 0;
      for (boolean b : immediate) {
        s += b ? 1 : 0;
      }
      return s;
    }

    /**
     * Scalars of the layout struct: the immediate inputs, then the program's constants. Constants
     * are arguments, not literals, so that the device compiler cannot fold them: folded at compile
     * time, a function of a constant NaN came out as 0 or 0.93 on PoCL (its library code turns NaN
     * into an integer, which LLVM treats as poison), and a folded function of any constant may
     * round differently from the same function at run time, which the ops one by one use.
     */
    int scalars() {
      int s = immediates();
      for (FusedProgram.Op op : program.ops()) {
        s += op instanceof FusedProgram.Const ? 1 : 0;
      }
      return s;
    }

    String kinds() {
      StringBuilder b = new StringBuilder(immediate.length);
      for (boolean imm : immediate) {
        b.append(imm ? 's' : 't');
      }
      return b.toString();
    }

    /** Names the unit: a hash of everything its source depends on. */
    String id() {
      String key = program.text() + " | " + kinds() + " | fp64=" + target.fp64();
      return "fused_" + ProgramSource.sha256(key).substring(0, 16);
    }
  }

  /** The complete source of a unit in {@code dialect}. */
  static String source(Spec spec, Dialect dialect) {
    StringBuilder s = new StringBuilder(dialect.prelude(spec.target().fp64())).append('\n');
    s.append(Template.resource("common.h")).append('\n');
    s.append(Template.resource("fused.h")).append('\n');
    String id = spec.id();
    String t = CTypes.of(spec.program().dtype());
    s.append("/* ").append(spec.program().text().replace("*/", "* /")).append(" */\n");
    if (spec.program().reduction() == null) {
      s.append(struct(false, spec.tensorOperands(), spec.scalars(), t)).append('\n');
      s.append(mapKernel(spec, id + "_dense", true)).append('\n');
      s.append(mapKernel(spec, id + "_strided", false)).append('\n');
    } else {
      s.append(struct(true, spec.tensorOperands(), spec.scalars(), t)).append('\n');
      s.append(eachKernel(spec, id + "_each")).append('\n');
      s.append(partialKernel(spec, id + "_partial")).append('\n');
      s.append(finalKernel(spec, id + "_final")).append('\n');
    }
    return s.toString();
  }

  /** The layout struct: iteration, per tensor operand strides and offset, immediates. */
  static String struct(boolean reduce, int operands, int immediates, String t) {
    StringBuilder s = new StringBuilder("typedef struct {\n  IDX n;\n");
    if (reduce) {
      s.append("  IDX inner;\n  IDX rank;\n  IDX innerRank;\n  IDX groups;\n  IDX chunk;\n")
          .append("  IDX shape[FX_RANK];\n  IDX innerShape[FX_RANK];\n")
          .append("  IDX stride[").append(operands).append("][FX_RANK];\n")
          .append("  IDX innerStride[").append(operands).append("][FX_RANK];\n");
    } else {
      s.append("  IDX rank;\n  IDX shape[FX_RANK];\n")
          .append("  IDX stride[").append(operands).append("][FX_RANK];\n");
    }
    s.append("  IDX offset[").append(operands).append("];\n")
        .append("  ").append(t).append(" s[").append(Math.max(1, immediates)).append("];\n")
        .append("} FusedLayout;\n");
    return s.toString();
  }

  private static String params(Spec spec, boolean partials) {
    String t = CTypes.of(spec.program().dtype());
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < spec.tensorOperands(); k++) {
      s.append(k < spec.program().outputs().length ? "GLOBAL " : "GLOBAL const ").append(t).append("* p").append(k).append(", ");
    }
    if (partials) {
      s.append("GLOBAL ").append(accumulator(spec)).append("* part, ");
    }
    return s.append("const FusedLayout L").toString();
  }

  private static String mapKernel(Spec spec, String name, boolean dense) {
    int operands = spec.tensorOperands();
    StringBuilder s = new StringBuilder("KERNEL ").append(name).append('(').append(params(spec, false)).append(") {\n")
        .append("  const IDX i = GID(0);\n  if (i < L.n) {\n");
    if (dense) {
      for (int k = 0; k < operands; k++) {
        s.append("    const IDX o").append(k).append(" = L.offset[").append(k).append("] + i;\n");
      }
    } else {
      s.append(walk("o", "L.offset[%d]", "i", "L.rank", "L.shape", "L.stride", operands, "    "));
    }
    s.append(body(spec, "o", "    "));
    FusedProgram p = spec.program();
    for (int j = 0; j < p.outputs().length; j++) {
      s.append("    p").append(j).append("[o").append(j).append("] = r").append(p.outputs()[j]).append(";\n");
    }
    return s.append("  }\n}\n").toString();
  }

  private static String eachKernel(Spec spec, String name) {
    StringBuilder s = new StringBuilder("KERNEL ").append(name).append('(').append(params(spec, false)).append(") {\n")
        .append("  const IDX o = GID(0);\n  if (o < L.n) {\n")
        .append(walk("b", "L.offset[%d]", "o", "L.rank", "L.shape", "L.stride", spec.tensorOperands(), "    "))
        .append(accumulators(spec, "    "))
        .append("    for (IDX j = 0; j < L.inner; j++) {\n")
        .append(walk("o", "b%d", "j", "L.innerRank", "L.innerShape", "L.innerStride", spec.tensorOperands(), "      "))
        .append(body(spec, "o", "      "))
        .append(folds(spec, "      "))
        .append("    }\n");
    FusedProgram p = spec.program();
    String t = CTypes.of(p.dtype());
    for (int j = 0; j < p.outputs().length; j++) {
      s.append("    p").append(j).append("[b").append(j).append("] = (").append(t).append(")a").append(j).append(";\n");
    }
    return s.append("  }\n}\n").toString();
  }

  /** Stage 1 of the tree: work-group (g, o) folds chunk g of output o's block into part[(j·n + o)·groups + g]. */
  private static String partialKernel(Spec spec, String name) {
    String acc = accumulator(spec);
    StringBuilder s = new StringBuilder("KERNEL ").append(name).append('(').append(params(spec, true)).append(") {\n")
        .append("  LOCAL_MEM ").append(acc).append(" tree[").append(ReduceKernels.GROUP).append("];\n")
        .append("  const int t = LID(0);\n  const IDX g = GROUP_ID(0);\n  const IDX o = GROUP_ID(1);\n")
        .append(walk("b", "L.offset[%d]", "o", "L.rank", "L.shape", "L.stride", spec.tensorOperands(), "  "))
        .append(accumulators(spec, "  "))
        .append("  const IDX from = g * L.chunk;\n")
        .append("  const IDX to = from + L.chunk < L.inner ? from + L.chunk : L.inner;\n")
        .append("  for (IDX j = from + t; j < to; j += ").append(ReduceKernels.GROUP).append(") {\n")
        .append(walk("o", "b%d", "j", "L.innerRank", "L.innerShape", "L.innerStride", spec.tensorOperands(), "    "))
        .append(body(spec, "o", "    "))
        .append(folds(spec, "    "))
        .append("  }\n");
    FusedProgram p = spec.program();
    for (int j = 0; j < p.outputs().length; j++) {
      s.append(tree(spec, j, "a" + j, "part[((IDX)" + j + " * L.n + o) * L.groups + g] = tree[0];"));
    }
    return s.append("}\n").toString();
  }

  /** Stage 2: work-group o folds the partial results of each output into the output. */
  private static String finalKernel(Spec spec, String name) {
    String acc = accumulator(spec);
    FusedProgram p = spec.program();
    String t = CTypes.of(p.dtype());
    StringBuilder s = new StringBuilder("KERNEL ").append(name).append('(').append(params(spec, true)).append(") {\n")
        .append("  LOCAL_MEM ").append(acc).append(" tree[").append(ReduceKernels.GROUP).append("];\n")
        .append("  const int t = LID(0);\n  const IDX o = GROUP_ID(1);\n")
        .append(walk("b", "L.offset[%d]", "o", "L.rank", "L.shape", "L.stride", p.outputs().length, "  "));
    ReduceOp[] ops = p.reduction().ops();
    for (int j = 0; j < ops.length; j++) {
      s.append("  {\n    ").append(acc).append(" a = ").append(init(ops[j])).append(";\n")
          .append("    for (IDX q = t; q < L.groups; q += ").append(ReduceKernels.GROUP).append(") {\n")
          .append("      ").append(acc).append(" acc = a;\n")
          .append("      const ").append(acc).append(" v = part[((IDX)").append(j).append(" * L.n + o) * L.groups + q];\n")
          .append("      ").append(combine(ops[j])).append("\n      a = acc;\n    }\n")
          .append(tree(spec, j, "a", "p" + j + "[b" + j + "] = (" + t + ")tree[0];").replace("\n  ", "\n    "))
          .append("  }\n");
    }
    return s.append("}\n").toString();
  }

  /** Folds {@code value} of every work-item into tree[0] with output j's op; thread 0 then runs {@code write}. */
  private static String tree(Spec spec, int j, String value, String write) {
    String acc = accumulator(spec);
    String combine = combine(spec.program().reduction().ops()[j]);
    return "  tree[t] = " + value + ";\n  BARRIER;\n"
        + "  for (int h = " + ReduceKernels.GROUP / 2 + "; h > 0; h >>= 1) {\n"
        + "    if (t < h) {\n      " + acc + " acc = tree[t];\n      const " + acc + " v = tree[t + h];\n      "
        + combine + "\n      tree[t] = acc;\n    }\n    BARRIER;\n  }\n"
        + "  if (t == 0) {\n    " + write + "\n  }\n  BARRIER;\n";
  }

  /** {@code a<j>}: the running result of output j. */
  private static String accumulators(Spec spec, String indent) {
    StringBuilder s = new StringBuilder();
    ReduceOp[] ops = spec.program().reduction().ops();
    for (int j = 0; j < ops.length; j++) {
      s.append(indent).append(accumulator(spec)).append(" a").append(j).append(" = ").append(init(ops[j])).append(";\n");
    }
    return s.toString();
  }

  private static String folds(Spec spec, String indent) {
    StringBuilder s = new StringBuilder();
    FusedProgram p = spec.program();
    String acc = accumulator(spec);
    for (int j = 0; j < p.outputs().length; j++) {
      s.append(indent).append("{\n").append(indent).append("  ").append(acc).append(" acc = a").append(j).append(";\n")
          .append(indent).append("  const ").append(acc).append(" v = (").append(acc).append(")r").append(p.outputs()[j])
          .append(";\n").append(indent).append("  ").append(combine(p.reduction().ops()[j])).append('\n')
          .append(indent).append("  a").append(j).append(" = acc;\n").append(indent).append("}\n");
    }
    return s.toString();
  }

  /** The type partial results are kept in: double on FP64 devices (sums of FLOAT32 in double, as elsewhere). */
  static String accumulator(Spec spec) {
    return spec.target().fp64() ? "double" : CTypes.of(spec.program().dtype());
  }

  static String init(ReduceOp op) {
    return switch (op) {
      case SUM -> "0";
      case MAX -> "-INFINITY";
      case MIN -> "INFINITY";
      default -> throw new IllegalArgumentException(op + " is not a fused reduction");
    };
  }

  /** Folds {@code v} into {@code acc}; max and min let NaN win (as the unfused reductions). */
  static String combine(ReduceOp op) {
    return switch (op) {
      case SUM -> "acc += v;";
      case MAX -> "if (isnan(v) || v > acc) { acc = v; }";
      case MIN -> "if (isnan(v) || v < acc) { acc = v; }";
      default -> throw new IllegalArgumentException(op + " is not a fused reduction");
    };
  }

  /**
   * {@code <var><k>} for each operand k: its start (a format with %d for k) plus the walk of
   * {@code index} over the axes, last first (kept in scalars: PoCL vectorises only those).
   */
  static String walk(String var, String start, String index, String rank, String shape, String stride, int operands,
      String indent) {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < operands; k++) {
      s.append(indent).append("IDX ").append(var).append(k).append(" = ").append(String.format(start, k)).append(";\n");
    }
    s.append(indent).append("{\n").append(indent).append("  IDX rest = ").append(index).append(";\n")
        .append(indent).append("  for (int d = (int)").append(rank).append(" - 1; d >= 0; d--) {\n")
        .append(indent).append("    const IDX coord = d == 0 ? rest : rest % ").append(shape).append("[d];\n")
        .append(indent).append("    rest /= ").append(shape).append("[d];\n");
    for (int k = 0; k < operands; k++) {
      s.append(indent).append("    ").append(var).append(k).append(" += coord * ").append(stride).append('[').append(k)
          .append("][d];\n");
    }
    return s.append(indent).append("  }\n").append(indent).append("}\n").toString();
  }

  /** Loads the inputs into r0.., then one line per instruction; {@code offset} names the offsets o<k>. */
  private static String body(Spec spec, String offset, String indent) {
    FusedProgram p = spec.program();
    String t = CTypes.of(p.dtype());
    StringBuilder s = new StringBuilder();
    int operand = p.outputs().length;
    int scalar = 0;
    for (int i = 0; i < p.inputs(); i++) {
      s.append(indent).append("const ").append(t).append(" r").append(i).append(" = ");
      if (spec.immediate()[i]) {
        s.append("L.s[").append(scalar++).append("];\n");
      } else {
        s.append('p').append(operand).append('[').append(offset).append(operand).append("];\n");
        operand++;
      }
    }
    List<FusedProgram.Op> ops = p.ops();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof FusedProgram.Const c) { // an argument: see Spec#scalars
        s.append(indent).append("const ").append(t).append(" r").append(p.inputs() + i).append(" = L.s[").append(scalar++)
            .append("]; /* ").append(literal(c.value(), p.dtype())).append(" */\n");
      } else {
        s.append(indent).append(instruction(ops.get(i), p.inputs() + i, p.dtype())).append('\n');
      }
    }
    return s.toString();
  }

  /** One instruction writing register {@code r<dst>}. */
  static String instruction(FusedProgram.Op op, int dst, DType dtype) {
    String t = CTypes.of(dtype);
    String r = "r" + dst;
    if (op instanceof FusedProgram.Const c) {
      return "const " + t + " " + r + " = " + literal(c.value(), dtype) + ";";
    }
    if (op instanceof FusedProgram.Unary u) {
      return t + " " + r + ";\n    { const " + t + " x = r" + u.x() + "; " + r + " = (" + t + ")("
          + nanGuarded(u.op()).replace("$T", t) + "); }";
    }
    if (op instanceof FusedProgram.Binary b) {
      return t + " " + r + ";\n    { const " + t + " a = r" + b.a() + "; const " + t + " b = r" + b.b() + "; " + r + " = ("
          + t + ")(" + nanGuarded(b.op()).replace("$T", t) + "); }";
    }
    if (op instanceof FusedProgram.Where w) {
      return "const " + t + " " + r + " = r" + w.cond() + " != 0 ? r" + w.a() + " : r" + w.b() + ";";
    }
    FusedProgram.NonZero z = (FusedProgram.NonZero) op;
    return "const " + t + " " + r + " = r" + z.x() + " != 0 ? (" + t + ")1 : (" + t + ")0;";
  }

  /**
   * The op's expression, with a NaN operand answered before any math library call. In one fused
   * kernel the device compiler can know that a value is NaN (0/0 after folding {@code x < x} to 0),
   * and PoCL's library code, folded on a constant NaN, gave garbage (cosh, expm1, tanh: −1.4, 0.93)
   * where the same call at run time gives NaN; every such op maps NaN to NaN (pow(NaN, 0) = 1 as in
   * Java), so the guard changes no result.
   */
  static String nanGuarded(UnaryOp op) {
    String e = UnaryExpressions.floating(op);
    return switch (op) {
      case NEG, RECIPROCAL, ABS, SIGN, RELU -> e;
      default -> "isnan(x) ? x : (" + e + ")";
    };
  }

  static String nanGuarded(BinaryOp op) {
    return switch (op) {
      case ATAN2 -> "isnan(a) || isnan(b) ? a + b : (" + BinaryExpressions.floating(op) + ")";
      case POW -> "isnan(a) ? (b == 0 ? ($T)1 : a) : (" + BinaryExpressions.floating(op) + ")";
      default -> BinaryExpressions.floating(op);
    };
  }

  /** A C literal of exactly {@code v} in {@code dtype} (the shortest decimal that reads back to the same value). */
  static String literal(double v, DType dtype) {
    String t = CTypes.of(dtype);
    if (Double.isNaN(v)) {
      return "(" + t + ")NAN";
    }
    if (Double.isInfinite(v)) {
      return "(" + t + ")(" + (v > 0 ? "INFINITY" : "-INFINITY") + ")";
    }
    return dtype == DType.FLOAT32 ? Float.toString((float) v) + "f" : Double.toString(v);
  }
}
