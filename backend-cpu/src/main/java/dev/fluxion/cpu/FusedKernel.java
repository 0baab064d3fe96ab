package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link FusedProgram} in one pass: each thread walks its share of the elements in
 * chunks of {@link #CHUNK}, gathers the inputs' chunk into registers (across short strided runs),
 * runs every instruction on the registers (the same loops as the unfused ops, SIMD kernels included) and stores the
 * outputs. Registers stay in cache, so memory is touched once per input and output. FLOAT32
 * programs run in float registers through the same float loops as unfused FLOAT32 ops, so a
 * fused result equals the unfused one; FLOAT64 programs in double registers. Constants and
 * immediate inputs are filled once per thread and read as repeated scalars.
 * An output may be the same view as an input: a chunk is read completely before it is written.
 */
final class FusedKernel {
  static final int CHUNK = 256;

  private FusedKernel() {}

  static void run(FusedProgram program, View[] inputs, View[] outputs) {
    if (program.reduction() != null) {
      FusedReduction.run(program, inputs, outputs);
      return;
    }
    int k = outputs.length;
    View[] operands = new View[k + inputs.length];
    System.arraycopy(outputs, 0, operands, 0, k);
    System.arraycopy(inputs, 0, operands, k, inputs.length);
    Plan plan = Plan.of(operands);
    boolean[] constant = constants(program, inputs);
    Parallel.forRange(plan.size, Elementwise.GRAIN, (lo, hi) -> {
      Chunk c = new Chunk(program, inputs, outputs, constant, plan);
      plan.forEachRun(lo, hi, c::add);
      c.flush();
    });
  }

  /**
   * One thread's chunk: strided runs are gathered into the registers until CHUNK elements are
   * there (short runs — a broadcast row of ten — still fill whole chunks), then the
   * instructions run once on all of them and the outputs are scattered back, run by run.
   */
  private static final class Chunk {
    private final FusedProgram program;
    private final View[] inputs;
    private final View[] outputs;
    private final boolean[] constant;
    private final Plan plan;
    private final Registers r;
    private final long[][] outputOffsets;
    private final int[] runAt = new int[CHUNK];
    private final int[] runLength = new int[CHUNK];
    private int runs;
    private int filled;

    Chunk(FusedProgram program, View[] inputs, View[] outputs, boolean[] constant, Plan plan) {
      this.program = program;
      this.inputs = inputs;
      this.outputs = outputs;
      this.constant = constant;
      this.plan = plan;
      this.r = registers(program, inputs, constant);
      this.outputOffsets = new long[outputs.length][CHUNK];
    }

    void add(long[] off, int len) {
      int k = outputs.length;
      for (int done = 0; done < len; ) {
        int m = Math.min(CHUNK - filled, len - done);
        for (int i = 0; i < inputs.length; i++) {
          if (!constant[i]) {
            long stride = plan.inner(k + i);
            r.load(i, inputs[i], off[k + i] + done * stride, stride, filled, m);
          }
        }
        for (int j = 0; j < k; j++) {
          outputOffsets[j][runs] = off[j] + done * plan.inner(j);
        }
        runAt[runs] = filled;
        runLength[runs++] = m;
        filled += m;
        done += m;
        if (filled == CHUNK) {
          flush();
        }
      }
    }

    void flush() {
      if (filled == 0) {
        return;
      }
      List<FusedProgram.Op> ops = program.ops();
      for (int i = 0; i < ops.size(); i++) {
        r.execute(ops.get(i), constant, inputs.length + i, filled);
      }
      for (int q = 0; q < runs; q++) {
        for (int j = 0; j < outputs.length; j++) {
          r.store(program.outputs()[j], outputs[j], outputOffsets[j][q], plan.inner(j), runAt[q], runLength[q]);
        }
      }
      runs = 0;
      filled = 0;
    }
  }

  /** Which registers hold one repeated value: constants and immediate inputs. */
  static boolean[] constants(FusedProgram program, View[] inputs) {
    boolean[] c = new boolean[program.registers()];
    for (int i = 0; i < inputs.length; i++) {
      c[i] = inputs[i].buffer() instanceof ImmediateBuffer;
    }
    for (int i = 0; i < program.ops().size(); i++) {
      c[program.inputs() + i] = program.ops().get(i) instanceof FusedProgram.Const;
    }
    return c;
  }

  /** The value of a constant register (an immediate input or a Const). */
  private static double constantValue(FusedProgram program, View[] inputs, int register) {
    if (register < inputs.length) {
      return ((ImmediateBuffer) inputs[register].buffer()).value();
    }
    return ((FusedProgram.Const) program.ops().get(register - inputs.length)).value();
  }

  /** A comparison as Java's operators make it (false with NaN, except NE); a register holds 1 or 0. */
  private static boolean compare(dev.fluxion.spi.BinaryOp op, double a, double b) {
    return switch (op) {
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      case EQ -> a == b;
      default -> a != b;
    };
  }

  /** One thread's registers: a chunk of values per register of the program (constants fill all of it). */
  interface Registers {
    /** Loads m elements of a run into the register at position {@code at}. */
    void load(int register, View input, long offset, long stride, int at, int m);

    /** Runs an instruction on the first m positions. */
    void execute(FusedProgram.Op op, boolean[] constant, int dst, int m);

    /** Stores m positions of the register from {@code at} into a run. */
    void store(int register, View output, long offset, long stride, int at, int m);

    /** The register's first m values as doubles (exact for both dtypes). */
    void values(int register, double[] dst, int m);
  }

  static Registers registers(FusedProgram program, View[] inputs, boolean[] constant) {
    return program.dtype() == DType.FLOAT32 ? new FloatRegisters(program, inputs, constant)
        : new DoubleRegisters(program, inputs, constant);
  }

  private static final class DoubleRegisters implements Registers {
    private final double[][] r;
    private final double[] scratch = new double[CHUNK];

    DoubleRegisters(FusedProgram program, View[] inputs, boolean[] constant) {
      r = new double[program.registers()][CHUNK];
      for (int i = 0; i < r.length; i++) {
        if (constant[i]) {
          Arrays.fill(r[i], constantValue(program, inputs, i));
        }
      }
    }

    @Override
    public void load(int register, View input, long offset, long stride, int at, int m) {
      double[] dst = r[register];
      if (input.buffer() instanceof CpuBuffer c && c.dtype == DType.FLOAT64) {
        double[] a = (double[]) c.array;
        int o = (int) offset;
        int s = (int) stride;
        if (s == 1) {
          System.arraycopy(a, o, dst, at, m);
        } else {
          for (int i = 0; i < m; i++) {
            dst[at + i] = a[o + i * s];
          }
        }
      } else {
        Runs.loadDouble(input.buffer(), offset, stride, m, scratch);
        System.arraycopy(scratch, 0, dst, at, m);
      }
    }

    @Override
    public void store(int register, View output, long offset, long stride, int at, int m) {
      double[] src = r[register];
      CpuBuffer c = (CpuBuffer) output.buffer();
      if (c.dtype == DType.FLOAT64) {
        double[] a = (double[]) c.array;
        int o = (int) offset;
        int s = (int) stride;
        if (s == 1) {
          System.arraycopy(src, at, a, o, m);
        } else {
          for (int i = 0; i < m; i++) {
            a[o + i * s] = src[at + i];
          }
        }
      } else {
        System.arraycopy(src, at, scratch, 0, m);
        Runs.storeDouble(c, offset, stride, m, scratch);
      }
    }

    @Override
    public void values(int register, double[] dst, int m) {
      System.arraycopy(r[register], 0, dst, 0, m);
    }

    @Override
    public void execute(FusedProgram.Op op, boolean[] constant, int dst, int m) {
      double[] y = r[dst];
      if (op instanceof FusedProgram.Unary u) {
        DoubleLoops.unary(u.op(), r[u.x()], 0, y, 0, m);
      } else if (op instanceof FusedProgram.Binary b && b.op().isComparison()) {
        double[] a = r[b.a()];
        double[] c = r[b.b()];
        for (int i = 0; i < m; i++) {
          y[i] = compare(b.op(), a[i], c[i]) ? 1 : 0;
        }
      } else if (op instanceof FusedProgram.Binary b) {
        DoubleLoops.binary(b.op(), r[b.a()], 0, constant[b.a()] ? 0 : 1, r[b.b()], 0, constant[b.b()] ? 0 : 1, y, 0, m);
      } else if (op instanceof FusedProgram.Where w) {
        double[] c = r[w.cond()];
        double[] a = r[w.a()];
        double[] bb = r[w.b()];
        for (int i = 0; i < m; i++) {
          y[i] = c[i] != 0 ? a[i] : bb[i];
        }
      } else if (op instanceof FusedProgram.NonZero z) {
        double[] x = r[z.x()];
        for (int i = 0; i < m; i++) {
          y[i] = x[i] != 0 ? 1 : 0;
        }
      } // a Const was filled once
    }
  }

  private static final class FloatRegisters implements Registers {
    private final float[][] r;
    private final double[] scratch = new double[CHUNK];

    FloatRegisters(FusedProgram program, View[] inputs, boolean[] constant) {
      r = new float[program.registers()][CHUNK];
      for (int i = 0; i < r.length; i++) {
        if (constant[i]) {
          Arrays.fill(r[i], (float) constantValue(program, inputs, i));
        }
      }
    }

    @Override
    public void load(int register, View input, long offset, long stride, int at, int m) {
      float[] dst = r[register];
      if (input.buffer() instanceof CpuBuffer c && c.dtype == DType.FLOAT32) {
        float[] a = (float[]) c.array;
        int o = (int) offset;
        int s = (int) stride;
        if (s == 1) {
          System.arraycopy(a, o, dst, at, m);
        } else {
          for (int i = 0; i < m; i++) {
            dst[at + i] = a[o + i * s];
          }
        }
      } else {
        Runs.loadDouble(input.buffer(), offset, stride, m, scratch);
        for (int i = 0; i < m; i++) {
          dst[at + i] = (float) scratch[i];
        }
      }
    }

    @Override
    public void store(int register, View output, long offset, long stride, int at, int m) {
      float[] src = r[register];
      CpuBuffer c = (CpuBuffer) output.buffer();
      if (c.dtype == DType.FLOAT32) {
        float[] a = (float[]) c.array;
        int o = (int) offset;
        int s = (int) stride;
        if (s == 1) {
          System.arraycopy(src, at, a, o, m);
        } else {
          for (int i = 0; i < m; i++) {
            a[o + i * s] = src[at + i];
          }
        }
      } else {
        for (int i = 0; i < m; i++) {
          scratch[i] = src[at + i];
        }
        Runs.storeDouble(c, offset, stride, m, scratch);
      }
    }

    @Override
    public void values(int register, double[] dst, int m) {
      float[] src = r[register];
      for (int i = 0; i < m; i++) {
        dst[i] = src[i];
      }
    }

    @Override
    public void execute(FusedProgram.Op op, boolean[] constant, int dst, int m) {
      float[] y = r[dst];
      if (op instanceof FusedProgram.Unary u) {
        FloatLoops.unary(u.op(), r[u.x()], 0, y, 0, m);
      } else if (op instanceof FusedProgram.Binary b && b.op().isComparison()) {
        float[] a = r[b.a()];
        float[] c = r[b.b()];
        for (int i = 0; i < m; i++) {
          y[i] = compare(b.op(), a[i], c[i]) ? 1 : 0;
        }
      } else if (op instanceof FusedProgram.Binary b) {
        FloatLoops.binary(b.op(), r[b.a()], 0, constant[b.a()] ? 0 : 1, r[b.b()], 0, constant[b.b()] ? 0 : 1, y, 0, m);
      } else if (op instanceof FusedProgram.Where w) {
        float[] c = r[w.cond()];
        float[] a = r[w.a()];
        float[] bb = r[w.b()];
        for (int i = 0; i < m; i++) {
          y[i] = c[i] != 0 ? a[i] : bb[i];
        }
      } else if (op instanceof FusedProgram.NonZero z) {
        float[] x = r[z.x()];
        for (int i = 0; i < m; i++) {
          y[i] = x[i] != 0 ? 1 : 0;
        }
      } // a Const was filled once
    }
  }

}
