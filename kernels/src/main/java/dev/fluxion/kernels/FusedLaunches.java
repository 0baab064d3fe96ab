package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link DriverBackend#fused}: validates every operand before anything is queued, merges the
 * iteration's axes, and runs the program as one generated kernel (compiled per program text and
 * input kinds through the program cache), through the prebuilt interpreter, or — for a program
 * no fused kernel can hold — instruction by instruction ({@link FusedSteps}). A reduction runs
 * as one launch when it has many outputs, else as the two stages of a tree (as the unfused
 * reductions do).
 */
final class FusedLaunches {
  /** Bytes of kernel arguments every OpenCL device accepts (CL_DEVICE_MAX_PARAMETER_SIZE's minimum). */
  static final int MAX_ARGUMENT_BYTES = 1024;
  /** Pointer arguments a generated kernel may take (KernelArgs holds 16 arguments in all). */
  static final int MAX_GENERATED_OPERANDS = 14;
  /** The system property naming a directory to write every generated kernel source into. */
  static final String DUMP_PROPERTY = "fluxion.fused.dump";

  private final DriverBackend device;
  private final Launcher launcher;
  private final Driver driver;
  private final FusedSteps steps;
  private final Map<FusedProgram, Compiled> compiled = new IdentityHashMap<>();
  private FusedPath path;
  private final AtomicLong generatedRuns = new AtomicLong();
  private final AtomicLong interpretedRuns = new AtomicLong();
  private final AtomicLong stepRuns = new AtomicLong();

  /** What was prepared for one program object: its interpreter code on the device, its generated units by input kinds. */
  private static final class Compiled {
    DeviceMemory code;
    DeviceMemory constants;
    FusedCode encoded;
    final Map<String, FusedKernels.Spec> specs = new java.util.HashMap<>();
    final Map<String, String> sources = new java.util.HashMap<>();
  }

  FusedLaunches(DriverBackend device, Launcher launcher, Driver driver, MapLaunches maps, ReduceLaunches reductions,
      FusedPath path) {
    this.device = device;
    this.launcher = launcher;
    this.driver = driver;
    this.steps = new FusedSteps(device, maps, reductions);
    this.path = path;
  }

  FusedPath path() {
    return path;
  }

  void select(FusedPath path) {
    this.path = path;
  }

  /** Programs run so far by each route, and the generated programs' compile times. */
  String report() {
    long[] c = launcher.programs().generatedCompiles();
    return path.description() + "; ran " + generatedRuns.get() + " generated, " + interpretedRuns.get() + " interpreted, "
        + stepRuns.get() + " op by op; " + c[0] + " programs compiled in " + String.format(java.util.Locale.ROOT, "%.2f s",
        c[1] / 1e9);
  }

  /** Runs so far: {generated, interpreted, op by op}. */
  long[] runs() {
    return new long[] {generatedRuns.get(), interpretedRuns.get(), stepRuns.get()};
  }

  void run(FusedProgram p, View[] inputs, View[] outputs) {
    if (path.kind() == FusedPath.Kind.OFF) {
      throw new UnsupportedOperationException(device.name() + " runs fused programs op by op (" + path.description() + ")");
    }
    long[] shape = FusedChecks.validate(device, p, inputs, outputs);
    long total = 1;
    for (long s : shape) {
      total *= s;
    }
    if (outputs[0].size() == 0 || (p.reduction() == null && total == 0)) {
      return;
    }
    boolean[] immediate = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      immediate[i] = inputs[i].isImmediate();
    }
    View[] operands = tensorOperands(inputs, outputs);
    Plan plan = plan(p, shape, operands);
    Compiled c;
    synchronized (compiled) {
      c = compiled.computeIfAbsent(p, k -> new Compiled());
    }
    FusedKernels.Spec spec = c.specs.computeIfAbsent(new String(kinds(immediate)),
        k -> new FusedKernels.Spec(p, immediate, driver.info().target()));
    if (path.kind() == FusedPath.Kind.GENERATED && fitsGenerated(p, spec, plan)) {
      generated(p, c, spec, plan, operands, inputs);
      generatedRuns.incrementAndGet();
      return;
    }
    if (c.encoded == null) {
      c.encoded = FusedCode.of(p);
    }
    if (plan.rankFits && FusedInterpreter.capacity(operands.length, p.inputs(), c.encoded.registers()) == null) {
      interpreted(p, c, plan, operands, inputs);
      interpretedRuns.incrementAndGet();
      return;
    }
    steps.run(p, inputs, outputs);
    stepRuns.incrementAndGet();
  }

  // ---- planning ----

  /**
   * The merged iteration: for a map, the axes of every tensor operand; for a reduction, the kept
   * axes (outputs and inputs) and the reduced ones (inputs; the outputs stride 0 there).
   *
   * @param rankFits whether the merged axes fit the fused layouts ({@link FusedKernels#RANK})
   */
  private record Plan(long n, long inner, Layouts.Merged kept, Layouts.Merged block, long[] offsets, boolean rankFits,
      boolean dense) {}

  private static View[] tensorOperands(View[] inputs, View[] outputs) {
    int count = outputs.length;
    for (View in : inputs) {
      count += in.isImmediate() ? 0 : 1;
    }
    View[] ops = Arrays.copyOf(outputs, count);
    int k = outputs.length;
    for (View in : inputs) {
      if (!in.isImmediate()) {
        ops[k++] = in;
      }
    }
    return ops;
  }

  private static Plan plan(FusedProgram p, long[] shape, View[] operands) {
    int k = p.outputs().length;
    long[] offsets = new long[operands.length];
    for (int q = 0; q < operands.length; q++) {
      offsets[q] = operands[q].offset();
    }
    if (p.reduction() == null) {
      long n = operands[0].size();
      long[][] strides = new long[operands.length][];
      for (int q = 0; q < operands.length; q++) {
        strides[q] = operands[q].strides();
      }
      Layouts.Merged m = Layouts.merge(shape, strides);
      boolean dense = true;
      for (int q = 0; q < operands.length; q++) {
        dense &= m.dense(q);
      }
      return new Plan(n, 0, m, null, offsets, m.rank() <= FusedKernels.RANK, dense);
    }
    boolean[] reduced = new boolean[shape.length];
    for (int a : p.reduction().axes()) {
      reduced[a] = true;
    }
    int keptRank = shape.length - p.reduction().axes().length;
    long[] keptShape = new long[keptRank];
    long[] innerShape = new long[shape.length - keptRank];
    long[][] kept = new long[operands.length][keptRank];
    long[][] inner = new long[operands.length][innerShape.length];
    for (int d = 0, a = 0, r = 0; d < shape.length; d++) {
      if (reduced[d]) {
        innerShape[r] = shape[d];
        for (int q = k; q < operands.length; q++) {
          inner[q][r] = operands[q].strides()[d];
        }
        r++;
      } else {
        keptShape[a] = shape[d];
        for (int q = 0; q < operands.length; q++) {
          kept[q][a] = operands[q].strides()[q < k ? a : d];
        }
        a++;
      }
    }
    Layouts.Merged keptM = Layouts.merge(keptShape, kept);
    Layouts.Merged blockM = Layouts.merge(innerShape, inner);
    long n = operands[0].size();
    long count = 1;
    for (long s : innerShape) {
      count *= s;
    }
    return new Plan(n, count, keptM, blockM, offsets,
        keptM.rank() <= FusedKernels.RANK && blockM.rank() <= FusedKernels.RANK, false);
  }

  /** The generated kernel's scalars: the immediate inputs' values in input order, then the program's constants. */
  private static double[] scalars(FusedProgram p, View[] inputs) {
    List<Double> v = new ArrayList<>();
    for (View in : inputs) {
      if (in.isImmediate()) {
        v.add(((ImmediateBuffer) in.buffer()).value());
      }
    }
    for (FusedProgram.Op op : p.ops()) {
      if (op instanceof FusedProgram.Const c) {
        v.add(c.value());
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static char[] kinds(boolean[] immediate) {
    char[] c = new char[immediate.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = immediate[i] ? 's' : 't';
    }
    return c;
  }

  private static boolean tree(Plan plan) {
    return plan.n <= ReduceLaunches.TREE_MAX_OUTPUTS && plan.inner >= ReduceLaunches.TREE_MIN_INNER;
  }

  // ---- generated kernels ----

  private boolean fitsGenerated(FusedProgram p, FusedKernels.Spec spec, Plan plan) {
    int operands = spec.tensorOperands();
    if (!plan.rankFits || operands > MAX_GENERATED_OPERANDS) {
      return false;
    }
    long[] words = p.reduction() == null
        ? FusedLayout.map(0, plan.kept, plan.offsets, operands, new double[0], spec.scalars(), p.dtype())
        : FusedLayout.reduce(0, 0, plan.kept, plan.block, 0, 0, plan.offsets, operands, new double[0], spec.scalars(),
            p.dtype(), null);
    return FusedLayout.bytes(words) + 8 * (operands + 1) <= MAX_ARGUMENT_BYTES;
  }

  private void generated(FusedProgram p, Compiled c, FusedKernels.Spec spec, Plan plan, View[] operands, View[] inputs) {
    String id = spec.id();
    String source = c.sources.computeIfAbsent(spec.kinds(), k -> dumped(id, FusedKernels.source(spec, driver.dialect())));
    int count = operands.length;
    double[] values = scalars(p, inputs);
    ProgramCache cache = launcher.programs();
    if (p.reduction() == null) {
      long[] words = FusedLayout.map(plan.n, plan.kept, plan.offsets, count, values, spec.scalars(), p.dtype());
      DeviceKernel kernel = cache.generated(id, source, id + (plan.dense ? "_dense" : "_strided"));
      KernelArgs args = launcher.args();
      memories(args, operands);
      args.struct(words);
      launcher.launch(kernel, LaunchPlan.linear(plan.n));
      return;
    }
    if (!tree(plan)) {
      long[] words = FusedLayout.reduce(plan.n, plan.inner, plan.kept, plan.block, 0, 0, plan.offsets, count, values,
          spec.scalars(), p.dtype(), null);
      DeviceKernel kernel = cache.generated(id, source, id + "_each");
      KernelArgs args = launcher.args();
      memories(args, operands);
      args.struct(words);
      launcher.launch(kernel, LaunchPlan.linear(plan.n));
      return;
    }
    long groups = groups(plan);
    long chunk = ceilDiv(plan.inner, groups);
    long[] words = FusedLayout.reduce(plan.n, plan.inner, plan.kept, plan.block, groups, chunk, plan.offsets, count, values,
        spec.scalars(), p.dtype(), null);
    Buffer part = device.allocate(accumulator(p), p.outputs().length * plan.n * groups);
    try {
      for (String stage : new String[] {"_partial", "_final"}) {
        KernelArgs args = launcher.args();
        memories(args, operands);
        args.memory(((DriverBuffer) part).memory).struct(words);
        launcher.launch(cache.generated(id, source, id + stage), treePlan(stage.equals("_partial") ? groups : 1, plan.n));
      }
    } finally {
      device.release(part);
    }
  }

  /** With {@code -Dfluxion.fused.dump=DIR}, writes each generated source to DIR/ID.cl (or .cu) for reading. */
  private String dumped(String id, String source) {
    String dir = System.getProperty(DUMP_PROPERTY);
    if (dir != null) {
      java.nio.file.Path file = java.nio.file.Path.of(dir, id + (driver.dialect() == Dialect.CUDA ? ".cu" : ".cl"));
      try {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, source);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("-D" + DUMP_PROPERTY + ": cannot write " + file, e);
      }
    }
    return source;
  }

  // ---- the interpreter ----

  private void interpreted(FusedProgram p, Compiled c, Plan plan, View[] operands, View[] inputs) {
    if (c.code == null) {
      upload(p, c);
    }
    int[] slots = new int[FusedInterpreter.INPUTS];
    double[] values = new double[FusedInterpreter.INPUTS];
    for (int i = 0, operand = p.outputs().length; i < inputs.length; i++) {
      if (inputs[i].isImmediate()) {
        slots[i] = -1;
        values[i] = ((ImmediateBuffer) inputs[i].buffer()).value();
      } else {
        slots[i] = operand++;
      }
    }
    long[] offsets = Arrays.copyOf(plan.offsets, FusedInterpreter.SLOTS);
    int slotsCount = FusedInterpreter.SLOTS;
    DType t = p.dtype();
    if (p.reduction() == null) {
      long[] words = FusedLayout.reduce(plan.n, 0, plan.kept, null, 0, 0, offsets, slotsCount, values,
          FusedInterpreter.INPUTS, t, slots);
      interpreterArgs(c, operands, c.code, words);
      launcher.launch(FusedInterpreter.kernel(t, FusedInterpreter.Stage.MAP), LaunchPlan.linear(plan.n));
      return;
    }
    if (!tree(plan)) {
      long[] words = FusedLayout.reduce(plan.n, plan.inner, plan.kept, plan.block, 0, 0, offsets, slotsCount, values,
          FusedInterpreter.INPUTS, t, slots);
      interpreterArgs(c, operands, c.code, words);
      launcher.launch(FusedInterpreter.kernel(t, FusedInterpreter.Stage.EACH), LaunchPlan.linear(plan.n));
      return;
    }
    long groups = groups(plan);
    long chunk = ceilDiv(plan.inner, groups);
    long[] words = FusedLayout.reduce(plan.n, plan.inner, plan.kept, plan.block, groups, chunk, offsets, slotsCount, values,
        FusedInterpreter.INPUTS, t, slots);
    Buffer part = device.allocate(accumulator(p), p.outputs().length * plan.n * groups);
    try {
      DeviceMemory partial = ((DriverBuffer) part).memory;
      interpreterArgs(c, operands, partial, words);
      launcher.launch(FusedInterpreter.kernel(t, FusedInterpreter.Stage.PARTIAL), treePlan(groups, plan.n));
      interpreterArgs(c, operands, partial, words);
      launcher.launch(FusedInterpreter.kernel(t, FusedInterpreter.Stage.FINAL), treePlan(1, plan.n));
    } finally {
      device.release(part);
    }
  }

  private void interpreterArgs(Compiled c, View[] operands, DeviceMemory partial, long[] words) {
    KernelArgs args = launcher.args();
    for (int q = 0; q < FusedInterpreter.SLOTS; q++) {
      args.memory(((DriverBuffer) operands[Math.min(q, operands.length - 1)].buffer()).memory);
    }
    args.memory(c.code).memory(c.constants).memory(partial).struct(words);
  }

  /**
   * The program's instructions and constants in device memory, once per program: code, like a
   * compiled kernel, and not counted as tensor transfers or allocations.
   */
  private void upload(FusedProgram p, Compiled c) {
    FusedCode code = c.encoded;
    DeviceMemory mem = driver.allocate(4L * code.code().length);
    driver.write(mem, 0, java.nio.IntBuffer.wrap(code.code()));
    int n = Math.max(1, code.constants().length);
    DeviceMemory consts;
    if (p.dtype() == DType.FLOAT32) {
      float[] f = new float[n];
      for (int i = 0; i < code.constants().length; i++) {
        f[i] = (float) code.constants()[i];
      }
      consts = driver.allocate(4L * n);
      driver.write(consts, 0, java.nio.FloatBuffer.wrap(f));
    } else {
      consts = driver.allocate(8L * n);
      driver.write(consts, 0, java.nio.DoubleBuffer.wrap(Arrays.copyOf(code.constants(), n)));
    }
    c.code = mem;
    c.constants = consts;
  }

  // ---- shared ----

  private static void memories(KernelArgs args, View[] operands) {
    for (View v : operands) {
      args.memory(((DriverBuffer) v.buffer()).memory);
    }
  }

  private DType accumulator(FusedProgram p) {
    return launcher.fp64 ? DType.FLOAT64 : p.dtype();
  }

  private static long groups(Plan plan) {
    int group = ReduceKernels.GROUP;
    return Math.max(1, Math.min(ceilDiv(ReduceLaunches.TREE_TARGET_GROUPS, plan.n),
        Math.min(ceilDiv(plan.inner, group), group)));
  }

  private static LaunchPlan treePlan(long groups, long outputs) {
    int group = ReduceKernels.GROUP;
    return new LaunchPlan(new long[] {groups * group, outputs}, new long[] {group, 1});
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
