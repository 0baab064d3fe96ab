package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.EnumMap;
import java.util.Map;

/**
 * Elementwise unary primitives. Their derivative is a pointwise factor, so one rule —
 * {@link #chain}: {@code d ↦ d · f'(x)} — serves as the VJP (d = cotangent) and the JVP
 * (d = tangent); batching is the identity on the batch axis.
 */
final class UnaryPrim extends Prim {
  private static final Map<UnaryOp, UnaryPrim> ALL = new EnumMap<>(UnaryOp.class);
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  static {
    for (UnaryOp op : UnaryOp.values()) {
      ALL.put(op, new UnaryPrim(op));
    }
  }

  final UnaryOp op;

  private UnaryPrim(UnaryOp op) {
    this.op = op;
  }

  static UnaryPrim of(UnaryOp op) {
    return ALL.get(op);
  }

  @Override
  String name() {
    return op.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  Meta infer(Tensor[] in) {
    DType t = in[0].dtype();
    if (!t.isFloating() && !(op.acceptsIntegers() && t != DType.BOOL)) {
      throw new IllegalArgumentException(name() + ": needs a floating tensor, got " + t.numpyName());
    }
    return new Meta(in[0].shape(), t);
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    backend.unary(op, in[0], out);
    return out;
  }

  @Override
  boolean differentiable() {
    return op != UnaryOp.SIGN;
  }

  /** {@code d · f'(x)}, with {@code y = f(x)} available for rules that reuse the output. */
  Tensor chain(Tensor x, Tensor y, Tensor d) {
    return switch (op) {
      case NEG -> d.neg();
      case EXP -> d.mul(y);
      case LOG -> d.div(x);
      case SIN -> d.mul(x.cos());
      case COS -> d.mul(x.sin()).neg();
      case TAN -> d.mul(y.square().add(1.0));
      case ASIN -> d.div(x.square().rsub(1.0).sqrt());
      case ACOS -> d.div(x.square().rsub(1.0).sqrt()).neg();
      case ATAN -> d.div(x.square().add(1.0));
      case SINH -> d.mul(x.cosh());
      case COSH -> d.mul(x.sinh());
      case TANH -> d.mul(y.square().rsub(1.0));
      case SQRT -> d.div(y.mul(2.0));
      case RECIPROCAL -> d.mul(y.square()).neg();
      case ABS -> d.mul(x.sign());
      case SIGN -> Tensor.zerosLike(d);
      case SIGMOID -> d.mul(y.mul(y.rsub(1.0)));
      case RELU -> Tensor.where(x.gt(0.0), d, Tensor.zerosLike(d));
      case LOG1P -> d.div(x.add(1.0));
      case EXPM1 -> d.mul(y.add(1.0));
      case ERF -> d.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI));
    };
  }

  /** Every rule but neg's reads x or f(x). */
  @Override
  boolean vjpReadsInput(int i) {
    return op != UnaryOp.NEG;
  }

  /** The rules that reuse y = f(x) (see {@link #chain}). */
  @Override
  boolean vjpReadsOutput() {
    return switch (op) {
      case EXP, TAN, TANH, SQRT, RECIPROCAL, SIGMOID, EXPM1 -> true;
      default -> false;
    };
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    return new Tensor[] {chain(in[0], out, g)};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : chain(in[0], out, t[0]);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, v[0]), bdims[0]);
  }
}
