package dev.fluxion;

import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link FusedProgram} traced for inputs of given shapes, with everything derived from its
 * instructions alone (so that programs made by other programs need no Java body): the shape of
 * its outputs, its values op by op ({@link #replay}), and its derivative programs — the VJP and
 * the JVP of an elementwise or summing program are again one fused program each, traced from
 * the replay under {@link Autodiff#vjpN} / {@link Autodiff#jvpN} and cached here.
 */
final class TracedProgram {
  final String name;
  final FusedProgram program;
  final long[][] inputShapes;
  /** The iteration shape: the inputs' broadcast shape. */
  final long[] shape;
  /** The shape of every output. */
  final long[] outShape;
  private final Map<String, TracedProgram> derived = new ConcurrentHashMap<>();

  private TracedProgram(String name, FusedProgram program, long[][] inputShapes, long[] shape, long[] outShape) {
    this.name = name;
    this.program = program;
    this.inputShapes = inputShapes;
    this.shape = shape;
    this.outShape = outShape;
  }

  /** Traces {@code body} on symbols of the given shapes (checked to broadcast together) into a program. */
  static TracedProgram trace(String name, DType dtype, long[][] inputShapes, Device device, Function<Tensor[], Tensor[]> body) {
    long[] shape = new long[0];
    for (long[] s : inputShapes) {
      shape = Shape.broadcast("Fused '" + name + "'", shape, s);
    }
    FuseLevel level = new FuseLevel(name, dtype, shape, inputShapes.length);
    level.open();
    try {
      Tensor[] symbols = new Tensor[inputShapes.length];
      for (int i = 0; i < inputShapes.length; i++) {
        symbols[i] = level.input(i, inputShapes[i], device);
      }
      Tensor[] results = body.apply(symbols);
      if (results == null || results.length == 0) {
        throw new IllegalArgumentException("Fused '" + name + "': the body must return at least one tensor");
      }
      return new TracedProgram(name, level.program(results), inputShapes, shape, level.outputShape(results));
    } finally {
      level.finish();
    }
  }

  int outputs() {
    return program.outputs().length;
  }

  /** The program's results stacked on a new axis 0: fused on devices that run programs, else op by op. */
  Tensor apply(Tensor[] inputs) {
    if (!inputs[0].device().backend().supportsFused()) {
      return replayStacked(inputs);
    }
    return Dispatcher.apply(new FusedPrim(this), inputs);
  }

  /** The outputs of a stacked result (views; a single output is a reshape, whose VJP costs no kernel). */
  Tensor[] split(Tensor stacked) {
    if (outputs() == 1) {
      return new Tensor[] {stacked.reshape(outShape)};
    }
    Tensor[] out = new Tensor[outputs()];
    for (int j = 0; j < out.length; j++) {
      out[j] = stacked.get(j);
    }
    return out;
  }

  /** The program's values computed op by op with primitives (any level, any device). */
  Tensor[] replay(Tensor[] inputs) {
    Tensor[] pre = replayElementwise(inputs);
    FusedProgram.Reduction r = program.reduction();
    if (r == null) {
      return pre;
    }
    for (int j = 0; j < pre.length; j++) {
      pre[j] = reduce(r.ops()[j], pre[j]);
    }
    return pre;
  }

  Tensor replayStacked(Tensor[] inputs) {
    Tensor[] out = replay(inputs);
    return outputs() == 1 ? out[0].expandDims(0) : Tensor.stack(0, out);
  }

  private Tensor reduce(ReduceOp op, Tensor x) {
    return Dispatcher.apply(new ReducePrim(op, program.reduction().axes(), false), x).reshape(outShape);
  }

  /** The output registers before the reduction, each broadcast to the iteration shape. */
  private Tensor[] replayElementwise(Tensor[] inputs) {
    DType t = program.dtype();
    Device device = inputs[0].device();
    Tensor[] r = new Tensor[program.registers()];
    System.arraycopy(inputs, 0, r, 0, inputs.length);
    for (int i = 0; i < program.ops().size(); i++) {
      FusedProgram.Op op = program.ops().get(i);
      Tensor v;
      if (op instanceof FusedProgram.Const c) {
        v = Tensor.scalar(c.value(), t, device);
      } else if (op instanceof FusedProgram.Unary u) {
        v = Dispatcher.apply(UnaryPrim.of(u.op()), r[u.x()]);
      } else if (op instanceof FusedProgram.Binary b) {
        v = Dispatcher.apply(BinaryPrim.of(b.op()), r[b.a()], r[b.b()]);
        if (b.op().isComparison()) {
          v = v.to(t);
        }
      } else if (op instanceof FusedProgram.Where w) {
        v = Tensor.where(r[w.cond()].ne(0.0), r[w.a()], r[w.b()]);
      } else {
        v = r[((FusedProgram.NonZero) op).x()].ne(0.0).to(t);
      }
      r[program.inputs() + i] = v;
    }
    Tensor[] out = new Tensor[outputs()];
    for (int j = 0; j < out.length; j++) {
      out[j] = r[program.outputs()[j]].broadcastTo(shape);
    }
    return out;
  }

  /** Whether the derivative rules can be fused programs (elementwise, or every output summed). */
  boolean hasFusedDerivatives() {
    return program.reduction() == null || program.reduction().allSums();
  }

  /** Shape of the cotangent of one output as the VJP program reads it: the iteration rank, reduced axes of size 1. */
  long[] cotangentShape() {
    return program.reduction() == null ? shape : Shape.reduce(shape, program.reduction().axes(), true);
  }

  /**
   * The VJP program: inputs {@code x_0..x_{n-1}} then the outputs' cotangents (of
   * {@link #cotangentShape()}); outputs the cotangents of the inputs with {@code needs[i]}, each of
   * the iteration shape (the tape sums them to the inputs' shapes).
   */
  TracedProgram vjp(boolean[] needs, Device device) {
    String key = "vjp" + Arrays.toString(needs);
    return derived.computeIfAbsent(key, k -> {
      int n = program.inputs();
      int k0 = outputs();
      long[][] shapes = Arrays.copyOf(inputShapes, n + k0);
      Arrays.fill(shapes, n, n + k0, cotangentShape());
      int[] wrt = indexes(needs);
      return trace(name + "'", program.dtype(), shapes, device, t -> {
        Tensor[] full = broadcastInputs(t);
        Tensor[] at = new Tensor[wrt.length];
        for (int q = 0; q < wrt.length; q++) {
          at[q] = full[wrt[q]];
        }
        Autodiff.VjpN r = Autodiff.vjpN(w -> {
          Tensor[] pre = replayElementwise(merged(full, wrt, w));
          Tensor s = null;
          for (int j = 0; j < pre.length; j++) {
            s = Prim.add(s, pre[j].mul(t[n + j]));
          }
          return s;
        }, at);
        return r.pullback().apply(Tensor.onesLike(r.value()));
      });
    });
  }

  /**
   * The JVP program: inputs {@code x_0..x_{n-1}} then the tangents of the inputs with
   * {@code has[i]} (of the inputs' shapes); outputs the tangent of every output, reduced as the
   * outputs are (the JVP of a sum is the sum of the JVPs).
   */
  TracedProgram jvp(boolean[] has, Device device) {
    String key = "jvp" + Arrays.toString(has);
    return derived.computeIfAbsent(key, k -> {
      int n = program.inputs();
      int[] wrt = indexes(has);
      long[][] shapes = Arrays.copyOf(inputShapes, n + wrt.length);
      for (int q = 0; q < wrt.length; q++) {
        shapes[n + q] = inputShapes[wrt[q]];
      }
      return trace(name + ".jvp", program.dtype(), shapes, device, t -> {
        Tensor[] full = broadcastInputs(t);
        Tensor[] at = new Tensor[wrt.length];
        Tensor[] tangents = new Tensor[wrt.length];
        for (int q = 0; q < wrt.length; q++) {
          at[q] = full[wrt[q]];
          tangents[q] = t[n + q].broadcastTo(shape);
        }
        Tensor[] out = new Tensor[outputs()];
        for (int j = 0; j < out.length; j++) {
          int output = j;
          out[j] = Autodiff.jvpN(w -> replayElementwise(merged(full, wrt, w))[output], at, tangents)[1].broadcastTo(shape);
          if (program.reduction() != null) {
            out[j] = reduce(ReduceOp.SUM, out[j]);
          }
        }
        return out;
      });
    });
  }

  /** The same program for inputs with a batch axis in front (every input aligned to the iteration rank + 1). */
  TracedProgram batched(long[][] alignedShapes) {
    long[] s = new long[0];
    for (long[] a : alignedShapes) {
      s = Shape.broadcast(name, s, a);
    }
    FusedProgram.Reduction r = program.reduction();
    FusedProgram p = program;
    if (r != null && s.length > shape.length) {
      int[] axes = r.axes();
      for (int i = 0; i < axes.length; i++) {
        axes[i] += s.length - shape.length;
      }
      p = new FusedProgram(program.dtype(), program.inputs(), program.ops(), program.outputs(),
          new FusedProgram.Reduction(axes, r.ops()));
    }
    long[] out = r == null ? s : FusedPrim.prepend(s[0], outShape);
    return new TracedProgram(name, p, alignedShapes, s, out);
  }

  private Tensor[] broadcastInputs(Tensor[] t) {
    Tensor[] full = new Tensor[program.inputs()];
    for (int i = 0; i < full.length; i++) {
      full[i] = t[i].broadcastTo(shape);
    }
    return full;
  }

  private static Tensor[] merged(Tensor[] all, int[] wrt, Tensor[] w) {
    Tensor[] a = all.clone();
    for (int q = 0; q < wrt.length; q++) {
      a[wrt[q]] = w[q];
    }
    return a;
  }

  private static int[] indexes(boolean[] flags) {
    int count = 0;
    for (boolean f : flags) {
      count += f ? 1 : 0;
    }
    int[] idx = new int[count];
    for (int i = 0, q = 0; i < flags.length; i++) {
      if (flags[i]) {
        idx[q++] = i;
      }
    }
    return idx;
  }
}
