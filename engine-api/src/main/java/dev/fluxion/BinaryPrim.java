package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Elementwise binary primitives with NumPy broadcasting over two inputs of one dtype
 * (promotion happens in {@link Tensor} before). VJPs return cotangents in the output's shape;
 * the tape sums them back to each input's shape.
 */
final class BinaryPrim extends Prim {
  private static final Map<BinaryOp, BinaryPrim> ALL = new EnumMap<>(BinaryOp.class);

  static {
    for (BinaryOp op : BinaryOp.values()) {
      ALL.put(op, new BinaryPrim(op));
    }
  }

  final BinaryOp op;

  private BinaryPrim(BinaryOp op) {
    this.op = op;
  }

  static BinaryPrim of(BinaryOp op) {
    return ALL.get(op);
  }

  @Override
  String name() {
    return op.name().toLowerCase(Locale.ROOT);
  }

  @Override
  Meta infer(Tensor[] in) {
    DType a = in[0].dtype();
    DType b = in[1].dtype();
    if (a != b) {
      throw new IllegalStateException(name() + ": internal error, dtypes " + a + " and " + b + " were not promoted");
    }
    long[] shape = Shape.broadcast(name(), in[0].shape(), in[1].shape());
    if (!op.isComparison() && a == DType.BOOL) {
      throw new IllegalArgumentException(name() + ": arithmetic on bool tensors is not supported; cast with to(DType.INT32)");
    }
    return new Meta(shape, op.isComparison() ? DType.BOOL : a);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    backend.binary(op, expand(in[0], m.shape()), expand(in[1], m.shape()), out);
    return out;
  }

  @Override
  boolean differentiable() {
    return !op.isComparison();
  }

  /** The cotangents of add and sub do not depend on the operands. */
  @Override
  boolean vjpReadsInput(int i) {
    return op != BinaryOp.ADD && op != BinaryOp.SUB;
  }

  /** div's and pow's rules reuse the quotient and the power. */
  @Override
  boolean vjpReadsOutput() {
    return op == BinaryOp.DIV || op == BinaryOp.POW;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor a = in[0];
    Tensor b = in[1];
    return switch (op) {
      case ADD -> new Tensor[] {g, g};
      case SUB -> new Tensor[] {g, needs[1] ? g.neg() : null};
      case MUL -> new Tensor[] {needs[0] ? g.mul(b) : null, needs[1] ? g.mul(a) : null};
      case DIV -> new Tensor[] {needs[0] ? g.div(b) : null, needs[1] ? g.mul(out).div(b).neg() : null};
      case POW -> new Tensor[] {needs[0] ? g.mul(powFactor(a, b)) : null, needs[1] ? g.mul(logFactor(a, out)) : null};
      case MAX, MIN -> {
        Tensor w = selectWeight(a, b);
        yield new Tensor[] {needs[0] ? g.mul(w) : null, needs[1] ? g.mul(w.rsub(1.0)) : null};
      }
      case ATAN2 -> {
        Tensor r2 = a.square().add(b.square());
        yield new Tensor[] {needs[0] ? g.mul(b).div(r2) : null, needs[1] ? g.mul(a).div(r2).neg() : null};
      }
      default -> throw new IllegalStateException(name() + " is not differentiable");
    };
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    Tensor a = in[0];
    Tensor b = in[1];
    Tensor ta = t[0];
    Tensor tb = t[1];
    return switch (op) {
      case ADD -> add(ta, tb);
      case SUB -> sub(ta, tb);
      case MUL -> add(ta == null ? null : ta.mul(b), tb == null ? null : a.mul(tb));
      case DIV -> {
        Tensor num = sub(ta, tb == null ? null : out.mul(tb));
        yield num.div(b);
      }
      case POW -> add(ta == null ? null : ta.mul(powFactor(a, b)), tb == null ? null : tb.mul(logFactor(a, out)));
      case MAX, MIN -> {
        Tensor w = selectWeight(a, b);
        yield add(ta == null ? null : ta.mul(w), tb == null ? null : tb.mul(w.rsub(1.0)));
      }
      case ATAN2 -> {
        Tensor num = sub(ta == null ? null : ta.mul(b), tb == null ? null : tb.mul(a));
        yield num.div(a.square().add(b.square()));
      }
      default -> null;
    };
  }

  /**
   * ∂(a^b)/∂a = b·a^(b−1), taken as 0 where b = 0 (a⁰ is constant, even at a = 0, where the
   * product would be 0·∞; as JAX and PyTorch do).
   */
  private static Tensor powFactor(Tensor a, Tensor b) {
    return Tensor.where(b.eq(0.0), 0.0, b.mul(a.pow(b.sub(1.0))));
  }

  /** ∂(a^b)/∂b = a^b·log a, taken as 0 where a = 0 (as JAX and PyTorch do). */
  private static Tensor logFactor(Tensor a, Tensor out) {
    Tensor zero = a.eq(0.0);
    Tensor safeA = Tensor.where(zero, Tensor.onesLike(a), a);
    return Tensor.where(zero, Tensor.zerosLike(out), out.mul(safeA.log()));
  }

  /** Share of the cotangent that goes to {@code a}: 1 where a wins, ½ on ties, 0 elsewhere. */
  private Tensor selectWeight(Tensor a, Tensor b) {
    Tensor wins = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
    DType t = a.dtype();
    return wins.to(t).add(a.eq(b).to(t).mul(0.5));
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = Math.max(logicalRank(v[0], bdims[0]), logicalRank(v[1], bdims[1]));
    Tensor a = alignBatched(v[0], bdims[0], rank);
    Tensor b = alignBatched(v[1], bdims[1], rank);
    return new Batched(Dispatcher.apply(this, a, b), 0);
  }
}
