package dev.fluxion.cpu;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;
import java.util.List;

/**
 * A {@link FusedProgram} with a reduction epilogue, in one pass: the iteration is walked with
 * the kept axes first and the reduced axes last, so that the elements of each output are
 * consecutive; every chunk of elements runs the program on registers (as {@link FusedKernel}
 * does) and is folded into the running results, which are stored when their last element has
 * been seen. Sums accumulate in double (as the unfused reduction does); max and min let NaN
 * win. Work is split over the outputs, or, for fewer outputs than threads with long blocks,
 * over each block with partial results merged in order.
 */
final class FusedReduction {
  private FusedReduction() {}

  static void run(FusedProgram program, View[] inputs, View[] outputs) {
    int[] axes = program.reduction().axes();
    long[] shape = inputs[0].shape();
    int rank = shape.length;
    boolean[] reduced = new boolean[rank];
    for (int a : axes) {
      reduced[a] = true;
    }
    int[] order = new int[rank];
    int at = 0;
    for (int d = 0; d < rank; d++) {
      if (!reduced[d]) {
        order[at++] = d;
      }
    }
    for (int a : axes) {
      order[at++] = a;
    }
    long[] permuted = new long[rank];
    long inner = 1;
    for (int d = 0; d < rank; d++) {
      permuted[d] = shape[order[d]];
    }
    for (int a : axes) {
      inner *= shape[a];
    }
    View[] walked = new View[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      long[] strides = new long[rank];
      for (int d = 0; d < rank; d++) {
        strides[d] = inputs[i].strides()[order[d]];
      }
      walked[i] = new View(inputs[i].buffer(), permuted, strides, inputs[i].offset());
    }
    long outer = outputs[0].size();
    if (outer == 0) {
      return;
    }
    Plan plan = Plan.of(walked);
    boolean[] constant = FusedKernel.constants(program, inputs);
    Job job = new Job(program, inputs, outputs, plan, constant, inner);
    if (outer < Parallel.THREADS && inner >= Elementwise.GRAIN) {
      for (long o = 0; o < outer; o++) {
        job.oneOutput(o);
      }
      return;
    }
    long grain = Math.max(1, Elementwise.GRAIN / Math.max(1, inner));
    Parallel.forRange(outer, grain, (lo, hi) -> job.outputs(lo, hi));
  }

  /** The state shared by the threads of one call. */
  private static final class Job {
    final FusedProgram program;
    final View[] inputs;
    final View[] outputs;
    final Plan plan;
    final boolean[] constant;
    final long inner;
    final long outputCount;
    final boolean[] contiguous;

    Job(FusedProgram program, View[] inputs, View[] outputs, Plan plan, boolean[] constant, long inner) {
      this.program = program;
      this.inputs = inputs;
      this.outputs = outputs;
      this.plan = plan;
      this.constant = constant;
      this.inner = inner;
      this.outputCount = outputs[0].size();
      this.contiguous = new boolean[outputs.length];
      for (int j = 0; j < outputs.length; j++) {
        contiguous[j] = outputs[j].isContiguous();
      }
    }

    /** Outputs {@code [lo, hi)}, each folded completely by this thread. */
    void outputs(long lo, long hi) {
      Folder f = new Folder(this);
      f.start(lo);
      walk(f, lo * inner, hi * inner);
      f.finish();
    }

    /** One output whose block is split over the threads; the parts are merged left to right. */
    void oneOutput(long o) {
      int parts = Parallel.THREADS;
      double[][] partial = new double[parts][];
      Parallel.forRange(parts, 1, (lo, hi) -> {
        for (long p = lo; p < hi; p++) {
          Folder f = new Folder(this);
          f.start(o);
          walk(f, o * inner + inner * p / parts, o * inner + inner * (p + 1) / parts);
          partial[(int) p] = f.acc.clone();
        }
      });
      Folder total = new Folder(this);
      total.start(o);
      for (double[] part : partial) {
        total.merge(part);
      }
      total.finish();
    }

    /**
     * Runs the program over flat positions {@code [from, to)} of the walked iteration: runs are
     * gathered into full chunks (rows of ten still make chunks of CHUNK), and each chunk is folded.
     */
    private void walk(Folder f, long from, long to) {
      FusedKernel.Registers r = FusedKernel.registers(program, inputs, constant);
      int[] filled = {0};
      long[] position = {from};
      plan.forEachRun(from, to, (off, len) -> {
        for (int done = 0; done < len; ) {
          int m = Math.min(FusedKernel.CHUNK - filled[0], len - done);
          for (int i = 0; i < inputs.length; i++) {
            if (!constant[i]) {
              long stride = plan.inner(i);
              r.load(i, inputs[i], off[i] + done * stride, stride, filled[0], m);
            }
          }
          filled[0] += m;
          done += m;
          if (filled[0] == FusedKernel.CHUNK) {
            run(r, f, position[0], filled[0]);
            position[0] += filled[0];
            filled[0] = 0;
          }
        }
      });
      if (filled[0] > 0) {
        run(r, f, position[0], filled[0]);
      }
    }

    private void run(FusedKernel.Registers r, Folder f, long position, int m) {
      List<FusedProgram.Op> ops = program.ops();
      for (int i = 0; i < ops.size(); i++) {
        r.execute(ops.get(i), constant, program.inputs() + i, m);
      }
      f.fold(r, position, m);
    }
  }

  /** Running results of consecutive outputs: folds chunks, stores each output when its block ends. */
  private static final class Folder {
    final Job job;
    final ReduceOp[] ops;
    final double[] acc;
    final double[][] values;
    final double[] one = new double[1];
    long output;

    Folder(Job job) {
      this.job = job;
      this.ops = job.program.reduction().ops();
      this.acc = new double[ops.length];
      this.values = new double[ops.length][FusedKernel.CHUNK];
    }

    void start(long o) {
      output = o;
      for (int j = 0; j < ops.length; j++) {
        acc[j] = switch (ops[j]) {
          case MAX -> Double.NEGATIVE_INFINITY;
          case MIN -> Double.POSITIVE_INFINITY;
          default -> 0;
        };
      }
    }

    /** Folds m values starting at flat position {@code position}, storing outputs whose blocks end. */
    void fold(FusedKernel.Registers r, long position, int m) {
      for (int j = 0; j < ops.length; j++) {
        r.values(job.program.outputs()[j], values[j], m);
      }
      int done = 0;
      while (done < m) {
        long end = (output + 1) * job.inner;
        int n = (int) Math.min(m - done, end - (position + done));
        for (int j = 0; j < ops.length; j++) {
          acc[j] = fold(ops[j], acc[j], values[j], done, done + n);
        }
        done += n;
        if (position + done == end) {
          finish();
          start(output + 1);
        }
      }
    }

    void merge(double[] part) {
      for (int j = 0; j < ops.length; j++) {
        acc[j] = combine(ops[j], acc[j], part[j]);
      }
    }

    /** Stores the current output (if it exists). */
    void finish() {
      if (output >= job.outputCount) {
        return;
      }
      for (int j = 0; j < ops.length; j++) {
        View out = job.outputs[j];
        long at = job.contiguous[j] ? out.offset() + output : offset(out, output);
        if (out.buffer() instanceof CpuBuffer c && c.array instanceof float[] f) {
          f[(int) at] = (float) acc[j];
        } else if (out.buffer() instanceof CpuBuffer c && c.array instanceof double[] d) {
          d[(int) at] = acc[j];
        } else {
          one[0] = acc[j];
          Runs.storeDouble(out.buffer(), at, 1, 1, one);
        }
      }
    }

    private static double fold(ReduceOp op, double acc, double[] v, int from, int to) {
      switch (op) {
        case SUM -> {
          double s = 0;
          for (int i = from; i < to; i++) {
            s += v[i];
          }
          return acc + s;
        }
        case MAX -> {
          for (int i = from; i < to && acc == acc; i++) {
            if (v[i] != v[i] || v[i] > acc) {
              acc = v[i];
            }
          }
          return acc;
        }
        default -> {
          for (int i = from; i < to && acc == acc; i++) {
            if (v[i] != v[i] || v[i] < acc) {
              acc = v[i];
            }
          }
          return acc;
        }
      }
    }

    private static double combine(ReduceOp op, double a, double b) {
      return switch (op) {
        case SUM -> a + b;
        case MAX -> a != a || b != b ? Double.NaN : Math.max(a, b);
        default -> a != a || b != b ? Double.NaN : Math.min(a, b);
      };
    }

    /** Element offset of flat (row-major) output index o in the view. */
    private static long offset(View v, long o) {
      long at = v.offset();
      long[] shape = v.shape();
      for (int d = shape.length - 1; d >= 0; d--) {
        at += (o % shape[d]) * v.strides()[d];
        o /= shape[d];
      }
      return at;
    }
  }
}
