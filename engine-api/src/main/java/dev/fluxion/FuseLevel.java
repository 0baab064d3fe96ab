package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Records an elementwise program: while a {@link Fused} body runs on symbolic inputs, every
 * primitive reaching this level becomes an instruction instead of a kernel. Only elementwise
 * primitives (and the shape changes that leave elements in place) can be recorded; scalars
 * written in the body become constants.
 */
final class FuseLevel extends Level {
  private final String name;
  private final DType dtype;
  private final long[] shape;
  private final int inputs;
  private final List<FusedProgram.Op> ops = new ArrayList<>();

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
    if (p instanceof ExpandPrim || (p instanceof ReshapePrim && keepsElementOrder(in[0].shapeRef(), m.shape()))) {
      return symbol(register(in[0]), m.shape(), m.dtype(), device);
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
        + " may use only elementwise operations on its inputs and scalars (shape " + Shape.str(shape) + ")");
  }

  private Tensor emit(FusedProgram.Op op, Prim.Meta m, Device device) {
    ops.add(op);
    return symbol(inputs + ops.size() - 1, m.shape(), m.dtype(), device);
  }

  private boolean isOne(int register) {
    return register >= inputs && ops.get(register - inputs) instanceof FusedProgram.Const c && c.value() == 1.0;
  }

  /** The register holding a value: a symbol of this level, or a new constant for a scalar. */
  int register(Tensor t) {
    if (t.tracer instanceof Tracer.Symbol s && s.level == this) {
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

  /** The program whose outputs are the given results of the body. */
  FusedProgram program(Tensor[] results) {
    int[] outputs = new int[results.length];
    for (int i = 0; i < results.length; i++) {
      if (!Shape.broadcastsTo(results[i].shapeRef(), shape)) {
        throw new IllegalArgumentException("Fused '" + name + "': output " + i + " has shape "
            + Shape.str(results[i].shapeRef()) + ", which does not broadcast to the inputs' shape " + Shape.str(shape));
      }
      outputs[i] = register(results[i]);
    }
    return new FusedProgram(dtype, inputs, ops, outputs);
  }

  /** Whether a reshape only inserts or removes axes of size 1. */
  private static boolean keepsElementOrder(long[] from, long[] to) {
    return java.util.Arrays.equals(nonUnit(from), nonUnit(to));
  }

  private static long[] nonUnit(long[] s) {
    return java.util.Arrays.stream(s).filter(d -> d != 1).toArray();
  }
}
