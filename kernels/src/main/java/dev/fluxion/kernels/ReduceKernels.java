package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.ReduceOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reduction kernels, per op and input dtype: {@code reduce_<op>_<dtype>_each} (one work-item
 * per output) and the two stages of the tree ({@code _partial}, {@code _final}). Semantics are
 * the CPU backend's: SUM of integers and booleans accumulates in INT64, SUM of FLOAT32 in double
 * when the device has FP64; MAX/MIN and ARGMAX/ARGMIN let NaN win and keep the first index of
 * ties. Every fold is associative and commutative, so the tree may combine in any order.
 */
public final class ReduceKernels {
  /** Work-items of a tree work-group (a power of two). */
  public static final int GROUP = DriverBackend.REQUIRED_WORK_GROUP;

  private ReduceKernels() {}

  public enum Stage { EACH, PARTIAL, FINAL }

  public static KernelRef kernel(ReduceOp op, DType in, Stage stage) {
    return new KernelRef(new ProgramKey(Family.REDUCE, in), base(op, in) + "_" + stage.name().toLowerCase(Locale.ROOT));
  }

  /** The output dtype of {@code op} on {@code in}. */
  public static DType outputType(ReduceOp op, DType in) {
    return switch (op) {
      case SUM -> in.isFloating() ? in : DType.INT64;
      case MAX, MIN -> in;
      case ARGMAX, ARGMIN -> DType.INT64;
    };
  }

  /** The type partial results are kept in. */
  public static DType accumulatorType(ReduceOp op, DType in, boolean fp64) {
    if (op != ReduceOp.SUM) {
      return in;
    }
    if (!in.isFloating()) {
      return DType.INT64;
    }
    return fp64 ? DType.FLOAT64 : in;
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType in = key.dtype();
    List<String> kernels = new ArrayList<>();
    for (ReduceOp op : ReduceOp.values()) {
      DType acc = accumulatorType(op, in, target.fp64());
      DType out = outputType(op, in);
      boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
      String result = arg ? "best" : CTypes.store(out, "acc");
      Map<String, String> v = new HashMap<>();
      v.put("NAME", base(op, in));
      v.put("IN", CTypes.of(in));
      v.put("OUT", CTypes.of(out));
      v.put("ACC", CTypes.of(acc));
      v.put("INIT", init(op, acc));
      v.put("COMBINE", combine(op, acc));
      v.put("RESULT", result);
      v.put("GROUP", Integer.toString(GROUP));
      kernels.add(Template.render("reduce-each.c", v));

      v.put("STAGE", "partial");
      v.put("DST", CTypes.of(acc));
      v.put("SRC", CTypes.of(in));
      v.put("CHUNK", "L.chunk");
      v.put("COUNT", "L.inner");
      v.put("LOAD", "src[base + reduce_inner(&L, p)]");
      v.put("LOAD_BEST", "p");
      v.put("WRITE", "dst[o * L.groups + g] = acc;\n    dstBest[o * L.groups + g] = best;");
      kernels.add(Template.render("reduce-tree.c", v));

      v.put("STAGE", "final");
      v.put("DST", CTypes.of(out));
      v.put("SRC", CTypes.of(acc));
      v.put("CHUNK", "L.groups");
      v.put("COUNT", "L.groups");
      v.put("LOAD", "src[o * L.groups + p]");
      v.put("LOAD_BEST", "srcBest[o * L.groups + p]");
      v.put("WRITE", "dst[reduce_out(&L, o)] = " + result + ";");
      kernels.add(Template.render("reduce-tree.c", v));
    }
    return new ProgramSource(key, target, List.of("reduce.h"), kernels);
  }

  private static String init(ReduceOp op, DType acc) {
    return switch (op) {
      case SUM -> "0";
      case MAX, ARGMAX -> CTypes.lowest(acc);
      case MIN, ARGMIN -> CTypes.highest(acc);
    };
  }

  /** The statement folding candidate {@code v} at index {@code j} (none when j < 0) into {@code acc} and {@code best}. */
  private static String combine(ReduceOp op, DType acc) {
    String nanV = CTypes.isNan(acc, "v");
    String nanAcc = CTypes.isNan(acc, "acc");
    return switch (op) {
      case SUM -> "acc += v;";
      case MAX -> "if (" + nanV + " || v > acc) {\n        acc = v;\n      }";
      case MIN -> "if (" + nanV + " || v < acc) {\n        acc = v;\n      }";
      case ARGMAX, ARGMIN -> {
        String better = op == ReduceOp.ARGMAX ? ">" : "<";
        yield "if (j >= 0 && (best < 0 || (" + nanV + " ? !" + nanAcc + " || j < best : !" + nanAcc
            + " && (v " + better + " acc || (v == acc && j < best))))) {\n        acc = v;\n        best = j;\n      }";
      }
    };
  }

  private static String base(ReduceOp op, DType in) {
    return "reduce_" + op.name().toLowerCase(Locale.ROOT) + "_" + CTypes.suffix(in);
  }
}
