package dev.fluxion.cpu;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.View;
import java.util.List;

/**
 * Runs a {@link FusedProgram} in one pass: each thread walks its share of the elements in
 * chunks of {@link #CHUNK}, loads the inputs' chunk into double registers, runs every
 * instruction on the registers (the same loops as the unfused ops, SIMD kernels included) and
 * stores the outputs. Registers stay in cache, so memory is touched once per input and output.
 * An output may be the same view as an input: a chunk is read completely before it is written.
 */
final class FusedKernel {
  static final int CHUNK = 256;

  private FusedKernel() {}

  static void run(FusedProgram program, View[] inputs, View[] outputs) {
    int k = outputs.length;
    View[] operands = new View[k + inputs.length];
    System.arraycopy(outputs, 0, operands, 0, k);
    System.arraycopy(inputs, 0, operands, k, inputs.length);
    Plan plan = Plan.of(operands);
    List<FusedProgram.Op> ops = program.ops();
    int n = program.inputs();
    boolean[] constant = constants(program);
    Parallel.forRange(plan.size, Elementwise.GRAIN, (lo, hi) -> {
      double[][] r = registers(program);
      plan.forEachRun(lo, hi, (off, len) -> {
        for (int done = 0; done < len; done += CHUNK) {
          int m = Math.min(CHUNK, len - done);
          for (int i = 0; i < n; i++) {
            long stride = plan.inner(k + i);
            Runs.loadDouble(inputs[i].buffer(), off[k + i] + done * stride, stride, m, r[i]);
          }
          for (int i = 0; i < ops.size(); i++) {
            execute(ops.get(i), r, constant, n + i, m);
          }
          for (int j = 0; j < k; j++) {
            long stride = plan.inner(j);
            Runs.storeDouble(outputs[j].buffer(), off[j] + done * stride, stride, m, r[program.outputs()[j]]);
          }
        }
      });
    });
  }

  /** One register per value; constants are filled once. */
  private static double[][] registers(FusedProgram program) {
    double[][] r = new double[program.registers()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new double[CHUNK];
    }
    for (int i = 0; i < program.ops().size(); i++) {
      if (program.ops().get(i) instanceof FusedProgram.Const c) {
        java.util.Arrays.fill(r[program.inputs() + i], c.value());
      }
    }
    return r;
  }

  /** Which registers hold constants (read with stride 0, so pow by a constant takes its fast paths). */
  private static boolean[] constants(FusedProgram program) {
    boolean[] c = new boolean[program.registers()];
    for (int i = 0; i < program.ops().size(); i++) {
      c[program.inputs() + i] = program.ops().get(i) instanceof FusedProgram.Const;
    }
    return c;
  }

  private static void execute(FusedProgram.Op op, double[][] r, boolean[] constant, int dst, int m) {
    double[] y = r[dst];
    if (op instanceof FusedProgram.Const) {
      return; // filled once in registers()
    }
    if (op instanceof FusedProgram.Unary u) {
      DoubleLoops.unary(u.op(), r[u.x()], 0, y, 0, m);
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
    }
  }
}
