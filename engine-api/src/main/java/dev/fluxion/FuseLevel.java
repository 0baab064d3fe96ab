package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records an elementwise program: while a {@link Fused} body runs on symbolic inputs, every
 * primitive reaching this level becomes an instruction instead of a kernel. Only elementwise
 * primitives (and the shape changes that leave elements in place) can be recorded; scalars
 * written in the body become constants. A sum, max or min of a value of the inputs' broadcast
 * shape is recorded as the program's reduction epilogue: its result may only be returned (every
 * output then reduced over the same axes), never used by another operation.
 */
final class FuseLevel extends Level {
  private final String name;
  private final DType dtype;
  private final long[] shape;
  private final int inputs;
  private final List<FusedProgram.Op> ops = new ArrayList<>();

  /** A reduction recorded on a register: the op, the axes of the iteration shape, and keepDims. */
  record Reduced(ReduceOp op, int[] axes, boolean keepDims) {}

  FuseLevel(String name, DType dtype, long[] shape, int inputs) {
    this.name = name;
    this.dtype = dtype;
    this.shape = shape;
    this.inputs = inputs;
  }

  @Override
  String transform() {
    return "fuse";
  }

  Tensor input(int i, long[] logicalShape, Device device) {
    return symbol(i, logicalShape, dtype, device);
  }

  private Tensor symbol(int register, long[] logicalShape, DType t, Device device) {
    return new Tensor(new Tracer.Symbol(this, register), logicalShape, t, device);
  }

  @Override
  Tensor process(Prim p, Tensor[] in, Prim.Meta m) {
    if (p instanceof CustomPrim c) { // no derivatives inside a fused program: just its function
      return c.f.apply(in);
    }
    Device device = in[0].device();
    if (p instanceof ReshapePrim && keepsElementOrder(in[0].shapeRef(), m.shape()) && reducedOf(in[0]) != null) {
      Tracer.Symbol s = (Tracer.Symbol) in[0].tracer;
      return new Tensor(new Tracer.Symbol(this, s.register, s.reduced), m.shape(), m.dtype(), device);
    }
    if (p instanceof ExpandPrim || (p instanceof ReshapePrim && keepsElementOrder(in[0].shapeRef(), m.shape()))) {
      return symbol(register(in[0]), m.shape(), m.dtype(), device);
    }
    if (p instanceof ReducePrim r) {
      return reduce(r, in[0], m, device);
    }
    if (p instanceof CastPrim c) {
      int x = register(in[0]);
      if (c.to == DType.BOOL) {
        return emit(new FusedProgram.NonZero(x), m, device);
      }
      if (c.to == dtype || (in[0].dtype() == DType.BOOL && c.to.isFloating())) {
        return symbol(x, m.shape(), c.to == DType.BOOL ? DType.BOOL : dtype, device);
      }
    }
    if (p instanceof UnaryPrim u) {
      return emit(new FusedProgram.Unary(u.op, register(in[0])), m, device);
    }
    if (p instanceof BinaryPrim b) {
      int x = register(in[0]);
      int y = register(in[1]);
      if (b.op == BinaryOp.MUL && (isOne(y) || isOne(x))) {
        return symbol(isOne(y) ? x : y, m.shape(), m.dtype(), device); // x·1 = x exactly
      }
      return emit(new FusedProgram.Binary(b.op, x, y), m, device);
    }
    if (p instanceof WherePrim) {
      return emit(new FusedProgram.Where(register(in[0]), register(in[1]), register(in[2])), m, device);
    }
    throw new IllegalArgumentException("Fused '" + name + "': " + p.name() + " is not elementwise; a fused program"
        + " may use only elementwise operations on its inputs and scalars, and end in sums, maxima or minima"
        + " (shape " + Shape.str(shape) + ")");
  }

  private Tensor reduce(ReducePrim r, Tensor x, Prim.Meta m, Device device) {
    int register = register(x);
    if (!Arrays.equals(x.shapeRef(), shape)) {
      throw new IllegalArgumentException("Fused '" + name + "': " + r.name() + " of a value of shape "
          + Shape.str(x.shapeRef()) + "; a fused program reduces only values of its inputs' broadcast shape "
          + Shape.str(shape) + " (broadcast the value first)");
    }
    if (m.dtype() != dtype) {
      throw new IllegalArgumentException("Fused '" + name + "': " + r.name() + " of a " + x.dtype().numpyName()
          + " value; a fused program reduces " + dtype.numpyName() + " values");
    }
    Reduced reduced = new Reduced(r.op, r.axes.clone(), r.keepDims);
    return new Tensor(new Tracer.Symbol(this, register, reduced), m.shape(), m.dtype(), device);
  }

  private Tensor emit(FusedProgram.Op op, Prim.Meta m, Device device) {
    ops.add(op);
    return symbol(inputs + ops.size() - 1, m.shape(), m.dtype(), device);
  }

  private boolean isOne(int register) {
    return register >= inputs && ops.get(register - inputs) instanceof FusedProgram.Const c && c.value() == 1.0;
  }

  private Reduced reducedOf(Tensor t) {
    return t.tracer instanceof Tracer.Symbol s && s.level == this ? s.reduced : null;
  }

  /** The register holding a value: a symbol of this level, or a new constant for a scalar. */
  int register(Tensor t) {
    if (t.tracer instanceof Tracer.Symbol s && s.level == this) {
      if (s.reduced != null) {
        throw new IllegalArgumentException("Fused '" + name + "': the result of a " + lower(s.reduced.op())
            + " (shape " + Shape.str(t.shapeRef()) + ") is used by another operation; in a fused program a"
            + " reduction must be the last operation of an output (scale before summing, or fuse the rest separately)");
      }
      return s.register;
    }
    if (t.tracer == null && t.liveView("fused").buffer() instanceof ImmediateBuffer imm) {
      ops.add(new FusedProgram.Const(imm.value()));
      return inputs + ops.size() - 1;
    }
    throw new IllegalArgumentException("Fused '" + name + "': the body uses a tensor that is not one of its inputs"
        + " (shape " + Shape.str(t.shapeRef()) + (t.tracer != null ? ", traced by " + t.tracer.level : "")
        + "); pass it as an input, or write numbers as Java scalars");
  }

  /** The program whose outputs are the given results of the body, simplified. */
  FusedProgram program(Tensor[] results) {
    int[] outputs = new int[results.length];
    Reduced first = reducedOf(results[0]);
    for (int i = 0; i < results.length; i++) {
      Reduced r = reducedOf(results[i]);
      if ((r == null) != (first == null)) {
        throw new IllegalArgumentException("Fused '" + name + "': output 0 is " + (first == null ? "elementwise" : "reduced")
            + " but output " + i + " is " + (r == null ? "elementwise" : "reduced") + "; a fused program's outputs are"
            + " all elementwise or all reduced over the same axes");
      }
      if (r != null) {
        if (!Arrays.equals(r.axes(), first.axes()) || !Arrays.equals(results[i].shapeRef(), results[0].shapeRef())) {
          throw new IllegalArgumentException("Fused '" + name + "': output " + i + " is reduced over axes "
              + Arrays.toString(r.axes()) + " to shape " + Shape.str(results[i].shapeRef()) + " but output 0 over "
              + Arrays.toString(first.axes()) + " to shape " + Shape.str(results[0].shapeRef())
              + "; all outputs must be reduced alike");
        }
        outputs[i] = ((Tracer.Symbol) results[i].tracer).register;
      } else {
        if (!Shape.broadcastsTo(results[i].shapeRef(), shape)) {
          throw new IllegalArgumentException("Fused '" + name + "': output " + i + " has shape "
              + Shape.str(results[i].shapeRef()) + ", which does not broadcast to the inputs' shape " + Shape.str(shape));
        }
        outputs[i] = register(results[i]);
      }
    }
    FusedProgram.Reduction reduction = null;
    if (first != null) {
      dev.fluxion.spi.ReduceOp[] reduceOps = new dev.fluxion.spi.ReduceOp[results.length];
      for (int i = 0; i < results.length; i++) {
        reduceOps[i] = reducedOf(results[i]).op();
      }
      reduction = new FusedProgram.Reduction(first.axes(), reduceOps);
    }
    return ProgramPasses.simplify(new FusedProgram(dtype, inputs, ops, outputs, reduction));
  }

  /** The shape of every output: the inputs' shape, or that of the (common) reduced value. */
  long[] outputShape(Tensor[] results) {
    return reducedOf(results[0]) != null ? results[0].shapeRef().clone() : shape.clone();
  }

  /** Whether a reshape only inserts or removes axes of size 1. */
  private static boolean keepsElementOrder(long[] from, long[] to) {
    return java.util.Arrays.equals(nonUnit(from), nonUnit(to));
  }

  private static long[] nonUnit(long[] s) {
    return java.util.Arrays.stream(s).filter(d -> d != 1).toArray();
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
