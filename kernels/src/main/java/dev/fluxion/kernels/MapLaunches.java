package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Launch planning of the elementwise kernels: checks the views, merges their axes into a
 * MapLayout (map.h), picks the specialisation (dense or strided; tensor or immediate inputs)
 * and launches one work-item per element. An op whose inputs are all immediates has no kernel:
 * a copy or where of immediates is a fill, and other ops get their first input materialised in
 * a one-element buffer.
 */
final class MapLaunches {
  /** Words of a MapLayout: n, rank, shape, 4 operands' strides, 4 offsets. */
  private static final int LAYOUT_WORDS = 2 + Layouts.MAX_RANK * 5 + 4;

  private final DriverBackend device;
  private final Launcher launcher;

  MapLaunches(DriverBackend device, Launcher launcher) {
    this.device = device;
    this.launcher = launcher;
  }

  /** Chooses the kernel once the inputs' kinds ({@code t}/{@code s}) and the layout are known. */
  private interface Choice {
    KernelRef kernel(String kinds, boolean dense);
  }

  void unary(UnaryOp op, View x, View out) {
    if (!MapKernels.defined(op, x.dtype())) {
      throw new UnsupportedOperationException(lower(op) + " is not defined on " + x.dtype().numpyName() + " tensors");
    }
    checkDtype(op, out, x.dtype());
    withMaterialised(new View[] {x}, false, in -> run(op, out, (kinds, dense) -> MapKernels.unary(op, x.dtype(), dense), null, in));
  }

  void binary(BinaryOp op, View a, View b, View out) {
    DType t = a.dtype();
    if (b.dtype() != t) {
      throw new IllegalArgumentException(lower(op) + ": operand dtypes differ, " + t.numpyName() + " and " + b.dtype().numpyName());
    }
    if (!MapKernels.defined(op, t)) {
      throw new UnsupportedOperationException(lower(op) + " is not defined on " + t.numpyName() + " tensors");
    }
    checkDtype(op, out, op.isComparison() ? DType.BOOL : t);
    withMaterialised(new View[] {a, b}, false, in -> run(op, out, (kinds, dense) -> MapKernels.binary(op, t, kinds, dense), null, in));
  }

  void where(View cond, View a, View b, View out) {
    DType t = a.dtype();
    if (cond.dtype() != DType.BOOL || b.dtype() != t) {
      throw new IllegalArgumentException("where: needs a bool condition and operands of one dtype, got "
          + cond.dtype().numpyName() + ", " + t.numpyName() + ", " + b.dtype().numpyName());
    }
    checkDtype("where", out, t);
    if (cond.isImmediate() && a.isImmediate() && b.isImmediate()) {
      fill(FillOp.FULL, out, value(cond) != 0 ? value(a) : value(b));
      return;
    }
    run("where", out, (kinds, dense) -> MapKernels.where(t, kinds, dense), null, cond, a, b);
  }

  void copy(View src, View dst) {
    if (src.isImmediate()) {
      fill(FillOp.FULL, dst, value(src));
      return;
    }
    run("copy", dst, (kinds, dense) -> MapKernels.copy(src.dtype(), dst.dtype(), dense), null, src);
  }

  /** See {@link FillOp}; every parameter is computed in double on FP64 devices, as on the CPU. */
  void fill(FillOp op, View out, double... p) {
    int expected = switch (op) {
      case FULL -> 1;
      case IOTA, LINSPACE -> 2;
      case UNIFORM, NORMAL -> 3;
    };
    if (p.length != expected) {
      throw new IllegalArgumentException("fill " + lower(op) + ": expects " + expected + " parameters, got " + p.length);
    }
    long n = out.size();
    long seed = op == FillOp.UNIFORM || op == FillOp.NORMAL ? FillOp.seed(p[0]) : 0;
    double[] real = switch (op) {
      case FULL -> new double[] {p[0], 0, 0};
      case IOTA -> new double[] {p[0], p[1], 0};
      case LINSPACE -> new double[] {p[0], n > 1 ? (p[1] - p[0]) / (n - 1) : 0, p[1]};
      case UNIFORM, NORMAL -> new double[] {p[1], p[2], 0};
    };
    run(op, out, (kinds, dense) -> MapKernels.fill(op, out.dtype(), dense), args -> {
      args.int64(seed);
      for (double r : real) {
        args.real(r, launcher.fp64);
      }
    });
  }

  /**
   * Runs {@code body} on the inputs with immediates materialised in one-element buffers (a fill
   * each, released after the launch): every immediate when {@code everyImmediate}, else only the
   * first input and only when all inputs are immediates (the map kernels need one tensor).
   */
  void withMaterialised(View[] inputs, boolean everyImmediate, Consumer<View[]> body) {
    boolean allImmediate = true;
    for (View in : inputs) {
      allImmediate &= in.isImmediate();
    }
    View[] ready = inputs.clone();
    Buffer[] temps = new Buffer[inputs.length];
    try {
      for (int k = 0; k < inputs.length; k++) {
        if (inputs[k].isImmediate() && (everyImmediate || (allImmediate && k == 0))) {
          temps[k] = device.allocate(inputs[k].dtype(), 1);
          fill(FillOp.FULL, View.contiguous(temps[k], new long[0]), value(inputs[k]));
          ready[k] = new View(temps[k], inputs[k].shape(), new long[inputs[k].ndim()], 0);
        }
      }
      body.accept(ready);
    } finally {
      for (Buffer t : temps) {
        if (t != null) {
          device.release(t);
        }
      }
    }
  }

  /**
   * One work-item per element of {@code out}; {@code extra} appends arguments after the inputs.
   * {@code op} (an op token or a name) is spelled out only in error messages.
   */
  private void run(Object op, View out, Choice choice, Consumer<KernelArgs> extra, View... inputs) {
    DriverBuffer target = device.own(out.buffer(), op, "output");
    StringBuilder kinds = new StringBuilder(inputs.length);
    boolean contiguous = out.isContiguous();
    for (View in : inputs) {
      if (!Arrays.equals(in.shape(), out.shape())) {
        throw new IllegalArgumentException(lower(op) + ": input of shape " + Arrays.toString(in.shape())
            + " does not match the output's shape " + Arrays.toString(out.shape()));
      }
      if (!in.isImmediate()) {
        device.own(in.buffer(), op, "input");
      }
      kinds.append(in.isImmediate() ? 's' : 't');
      contiguous &= in.isImmediate() || in.isContiguous();
    }
    long n = out.size();
    if (n == 0) {
      return;
    }
    Layouts.Merged m = contiguous ? Layouts.dense(n, 1 + inputs.length) : merged(op, out, inputs);
    boolean dense = true;
    for (int k = 0; k <= inputs.length; k++) {
      dense &= (k > 0 && inputs[k - 1].isImmediate()) || m.dense(k);
    }
    KernelArgs args = launcher.args();
    args.memory(target.memory).struct(layout(n, m, out, inputs));
    for (View in : inputs) {
      if (in.isImmediate()) {
        args.scalar(in.dtype(), value(in));
      } else {
        args.memory(((DriverBuffer) in.buffer()).memory);
      }
    }
    if (extra != null) {
      extra.accept(args);
    }
    launcher.launch(choice.kernel(kinds.toString(), dense), LaunchPlan.linear(n));
  }

  /** The operands' axes merged (immediates have stride 0 everywhere). */
  private static Layouts.Merged merged(Object op, View out, View[] inputs) {
    long[][] strides = new long[1 + inputs.length][];
    strides[0] = out.strides();
    for (int k = 0; k < inputs.length; k++) {
      strides[1 + k] = inputs[k].isImmediate() ? new long[out.ndim()] : inputs[k].strides();
    }
    Layouts.Merged m = Layouts.merge(out.shape(), strides);
    Layouts.checkRank(m, lower(op), out.shape());
    return m;
  }

  private static long[] layout(long n, Layouts.Merged m, View out, View[] inputs) {
    long[] w = new long[LAYOUT_WORDS];
    w[0] = n;
    w[1] = m.rank();
    int at = Layouts.put(w, 2, m.shape());
    for (int k = 0; k < m.strides().length; k++) {
      at = Layouts.put(w, at, m.strides()[k]);
    }
    at = 2 + Layouts.MAX_RANK * 5;
    w[at] = out.offset();
    for (int k = 0; k < inputs.length; k++) {
      w[at + 1 + k] = inputs[k].isImmediate() ? 0 : inputs[k].offset();
    }
    return w;
  }

  private static void checkDtype(Object op, View out, DType expected) {
    if (out.dtype() != expected) {
      throw new IllegalArgumentException(lower(op) + ": output dtype " + out.dtype().numpyName() + ", expected " + expected.numpyName());
    }
  }

  private static double value(View immediate) {
    return ((ImmediateBuffer) immediate.buffer()).value();
  }

  /** An op token as the engine spells ops in messages ({@code add}, {@code where}). */
  private static String lower(Object op) {
    return op.toString().toLowerCase(Locale.ROOT);
  }
}
