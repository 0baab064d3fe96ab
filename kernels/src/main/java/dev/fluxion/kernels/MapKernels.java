package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The elementwise kernels (map.c): unary, binary, where, copy with cast, and fills, each
 * specialised per op and dtype, per operand kind and per layout.
 *
 * <p>Kernel names spell the specialisation, e.g. {@code binary_mul_f32_ts_dense}: the inputs'
 * kinds in order ({@code t} a tensor in device memory, {@code s} an immediate scalar passed as a
 * kernel argument; at least one input is a tensor) and the layout ({@code dense}: every operand
 * one run of stride 1, indexed directly; {@code strided}: merged axes, indexed by division).
 * Kernel arguments: {@code out, MapLayout}, then each input (pointer or value), then for fills
 * {@code u64 seed, real p0, real p1, real p2}.
 */
public final class MapKernels {
  private static final List<String> LAYOUTS = List.of("dense", "strided");
  private static final Map<Integer, KernelRef> REFS = new ConcurrentHashMap<>();
  private static final String FILL_PARAMS = ", const u64 seed, const real p0, const real p1, const real p2";

  private MapKernels() {}

  /** One input of a map kernel: its variable name in expressions, dtype and kind. */
  private record Input(String variable, DType dtype, boolean immediate) {}

  public static KernelRef unary(UnaryOp op, DType t, boolean dense) {
    return ref(Family.UNARY, op.ordinal(), t, t, "", dense,
        () -> "unary_" + lower(op) + "_" + CTypes.suffix(t) + "_" + layout(dense));
  }

  public static KernelRef binary(BinaryOp op, DType t, String kinds, boolean dense) {
    return ref(Family.BINARY, op.ordinal(), t, t, kinds, dense,
        () -> "binary_" + lower(op) + "_" + CTypes.suffix(t) + "_" + kinds + "_" + layout(dense));
  }

  /** {@code kinds} are those of (cond, a, b). */
  public static KernelRef where(DType t, String kinds, boolean dense) {
    return ref(Family.WHERE, 0, t, t, kinds, dense, () -> "where_" + CTypes.suffix(t) + "_" + kinds + "_" + layout(dense));
  }

  public static KernelRef copy(DType from, DType to, boolean dense) {
    return ref(Family.COPY, 0, from, to, "", dense,
        () -> "copy_" + CTypes.suffix(from) + "_to_" + CTypes.suffix(to) + "_" + layout(dense));
  }

  public static KernelRef fill(FillOp op, DType t, boolean dense) {
    return ref(Family.FILL, op.ordinal(), t, t, "", dense,
        () -> "fill_" + lower(op) + "_" + CTypes.suffix(t) + "_" + layout(dense));
  }

  /** Whether {@code op} has a kernel for dtype {@code t}. */
  public static boolean defined(UnaryOp op, DType t) {
    return UnaryExpressions.of(op, t) != null;
  }

  public static boolean defined(BinaryOp op, DType t) {
    return BinaryExpressions.of(op, t) != null;
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType t = key.dtype();
    List<String> kernels = new ArrayList<>();
    for (String layout : LAYOUTS) {
      boolean dense = layout.equals("dense");
      switch (key.family()) {
        case UNARY -> {
          for (UnaryOp op : UnaryOp.values()) {
            String e = UnaryExpressions.of(op, t);
            if (e != null) {
              kernels.add(kernel(unary(op, t, dense).name(), t, t, e, dense, "", new Input("x", t, false)));
            }
          }
        }
        case BINARY -> {
          for (BinaryOp op : BinaryOp.values()) {
            String e = BinaryExpressions.of(op, t);
            DType out = op.isComparison() ? DType.BOOL : t;
            for (String kinds : kindsWithATensor(2)) {
              if (e != null) {
                kernels.add(kernel(binary(op, t, kinds, dense).name(), out, t, e, dense, "",
                    new Input("a", t, kinds.charAt(0) == 's'), new Input("b", t, kinds.charAt(1) == 's')));
              }
            }
          }
        }
        case WHERE -> {
          for (String kinds : kindsWithATensor(3)) {
            kernels.add(kernel(where(t, kinds, dense).name(), t, t, "c ? a : b", dense, "",
                new Input("c", DType.BOOL, kinds.charAt(0) == 's'), new Input("a", t, kinds.charAt(1) == 's'),
                new Input("b", t, kinds.charAt(2) == 's')));
          }
        }
        case COPY -> {
          for (DType to : DType.values()) {
            if (to != DType.FLOAT64 || target.fp64()) {
              kernels.add(kernel(copy(t, to, dense).name(), to, t, "x", dense, "", new Input("x", t, false)));
            }
          }
        }
        case FILL -> {
          for (FillOp op : FillOp.values()) {
            kernels.add(kernel(fill(op, t, dense).name(), t, t, fillExpression(op), dense, FILL_PARAMS));
          }
        }
        default -> throw new IllegalArgumentException(key + " is not a map program");
      }
    }
    return new ProgramSource(key, target, List.of("map.h"), kernels);
  }

  /**
   * Element {@code i} of a fill, computed in {@code real} (double when the device has FP64):
   * FULL(p0); IOTA(start p0, step p1); LINSPACE(start p0, step p1, stop p2, exact last element);
   * UNIFORM(seed, lo p0, hi p1); NORMAL(seed, mean p0, std p1).
   */
  private static String fillExpression(FillOp op) {
    return switch (op) {
      case FULL -> "p0";
      case IOTA -> "p0 + (real)i * p1";
      case LINSPACE -> "i == L.n - 1 && L.n > 1 ? p2 : p0 + (real)i * p1";
      case UNIFORM -> "p0 + (p1 - p0) * fx_uniform(seed, (u64)i)";
      case NORMAL -> "p0 + p1 * fx_normal(seed, (u64)i)";
    };
  }

  private static String kernel(String name, DType out, DType compute, String expression, boolean dense,
      String extraParams, Input... inputs) {
    StringBuilder params = new StringBuilder();
    StringBuilder loads = new StringBuilder();
    List<Integer> indexed = new ArrayList<>(List.of(0));
    for (int k = 1; k <= inputs.length; k++) {
      Input in = inputs[k - 1];
      String type = CTypes.of(in.dtype());
      params.append(in.immediate() ? ", const " + type + " in" + k : ", GLOBAL const " + type + "* in" + k);
      loads.append("    const ").append(type).append(' ').append(in.variable()).append(" = in").append(k)
          .append(in.immediate() ? "" : "[o" + k + "]").append(";\n");
      if (!in.immediate()) {
        indexed.add(k);
      }
    }
    params.append(extraParams);
    String value = expression.replace("$T", CTypes.of(compute));
    return Template.render("map.c", Map.of(
        "NAME", name,
        "OUT", CTypes.of(out),
        "PARAMS", params.toString(),
        "OFFSETS", dense ? denseOffsets(indexed) : stridedOffsets(indexed),
        "LOADS", loads.toString(),
        "STORE", CTypes.store(out, value)));
  }

  /** {@code o<k>}, the element offset of operand k at position i, when every operand is one dense run. */
  private static String denseOffsets(List<Integer> operands) {
    StringBuilder s = new StringBuilder();
    for (int k : operands) {
      s.append("    const IDX o").append(k).append(" = L.offset[").append(k).append("] + i;\n");
    }
    return s.toString();
  }

  /**
   * {@code o<k>} for strided operands: one walk over the axes, last first, shared by every
   * operand (kept in scalars: private arrays defeat PoCL's vectoriser).
   */
  private static String stridedOffsets(List<Integer> operands) {
    StringBuilder s = new StringBuilder();
    for (int k : operands) {
      s.append("    IDX o").append(k).append(" = L.offset[").append(k).append("];\n");
    }
    s.append("    IDX rest = i;\n")
        .append("    for (int d = (int)L.rank - 1; d >= 0; d--) {\n")
        .append("      const IDX coord = d == 0 ? rest : rest % L.shape[d];\n")
        .append("      rest /= L.shape[d];\n");
    for (int k : operands) {
      s.append("      o").append(k).append(" += coord * L.stride[").append(k).append("][d];\n");
    }
    return s.append("    }\n").toString();
  }

  /** Every kind string of n inputs ({@code t}/{@code s}) with at least one tensor. */
  private static List<String> kindsWithATensor(int n) {
    List<String> out = new ArrayList<>();
    for (int mask = 0; mask < (1 << n) - 1; mask++) {
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < n; k++) {
        s.append((mask >> (n - 1 - k) & 1) == 1 ? 's' : 't');
      }
      out.add(s.toString());
    }
    return out;
  }

  /**
   * The kernel of one specialisation, made once: launches ask for it by the ordinals of its
   * parts, without building its name again.
   */
  private static KernelRef ref(Family f, int op, DType t, DType t2, String kinds, boolean dense, Supplier<String> name) {
    int mask = 0;
    for (int k = 0; k < kinds.length(); k++) {
      mask = mask << 1 | (kinds.charAt(k) == 's' ? 1 : 0);
    }
    int key = ((((f.ordinal() * 32 + op) * 8 + t.ordinal()) * 8 + t2.ordinal()) * 16 + (1 << kinds.length() | mask)) * 2
        + (dense ? 1 : 0);
    return REFS.computeIfAbsent(key, k -> new KernelRef(new ProgramKey(f, t), name.get()));
  }

  private static String layout(boolean dense) {
    return dense ? "dense" : "strided";
  }

  private static String lower(Enum<?> op) {
    return op.name().toLowerCase(Locale.ROOT);
  }
}
