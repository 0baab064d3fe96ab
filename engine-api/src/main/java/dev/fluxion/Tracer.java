package dev.fluxion;

import java.util.List;

/** What a traced {@link Tensor} holds at its level: see the three kinds below. */
abstract class Tracer {
  final Level level;

  Tracer(Level level) {
    this.level = level;
  }

  abstract boolean isConstant();

  /** Stop-gradient: the value without this level's derivative information. */
  abstract Tensor detach();

  /** The tensors this tracer holds (a scope keeping the tracer keeps them too). */
  abstract List<Tensor> parts();

  /** Whether the tracer stands for one concrete value that can be read. */
  abstract boolean hasConcreteValue();

  /** The concrete value, for reading numbers; throws inside vmap. */
  abstract Tensor concrete(String op);

  static Tensor concreteOf(Tensor t, String op) {
    return t.tracer == null ? t : t.tracer.concrete(op);
  }

  /** Forward mode: a primal value with its tangent. */
  static final class Jvp extends Tracer {
    final Tensor primal;
    final Tensor tangent;

    Jvp(Level level, Tensor primal, Tensor tangent) {
      super(level);
      this.primal = primal;
      this.tangent = tangent;
    }

    @Override
    boolean isConstant() {
      return false;
    }

    @Override
    Tensor detach() {
      return primal.detach();
    }

    @Override
    List<Tensor> parts() {
      return List.of(primal, tangent);
    }

    @Override
    boolean hasConcreteValue() {
      return primal.tracer == null || primal.tracer.hasConcreteValue();
    }

    @Override
    Tensor concrete(String op) {
      return concreteOf(primal, op);
    }
  }

  /** Reverse mode: a primal value with the tape node that produced it. */
  static final class Grad extends Tracer {
    final Tensor primal;
    final Node node;

    Grad(Level level, Tensor primal, Node node) {
      super(level);
      this.primal = primal;
      this.node = node;
    }

    @Override
    boolean isConstant() {
      return false;
    }

    @Override
    Tensor detach() {
      return primal.detach();
    }

    @Override
    List<Tensor> parts() {
      return List.of(primal);
    }

    @Override
    boolean hasConcreteValue() {
      return primal.tracer == null || primal.tracer.hasConcreteValue();
    }

    @Override
    Tensor concrete(String op) {
      return concreteOf(primal, op);
    }
  }

  /** vmap: a value with one extra (batch) axis at {@code bdim}. */
  static final class Batch extends Tracer {
    final Tensor value;
    final int bdim;

    Batch(Level level, Tensor value, int bdim) {
      super(level);
      this.value = value;
      this.bdim = bdim;
    }

    @Override
    boolean isConstant() {
      return value.isConstant();
    }

    @Override
    Tensor detach() {
      return ((BatchLevel) level).wrap(value.detach(), bdim);
    }

    @Override
    List<Tensor> parts() {
      return List.of(value);
    }

    @Override
    boolean hasConcreteValue() {
      return false;
    }

    @Override
    Tensor concrete(String op) {
      throw new IllegalStateException(op + ": cannot read the values of a tensor inside vmap (it stands for"
          + " every element of the batch at once); return it from the vmapped function instead");
    }
  }

  /** Inside {@link Fused} tracing: a register of the program being recorded. */
  static final class Symbol extends Tracer {
    final int register;
    /** Non-null for the result of a reduction: then the value may only be an output of the program. */
    final FuseLevel.Reduced reduced;

    Symbol(Level level, int register) {
      this(level, register, null);
    }

    Symbol(Level level, int register, FuseLevel.Reduced reduced) {
      super(level);
      this.register = register;
      this.reduced = reduced;
    }

    @Override
    boolean isConstant() {
      return false;
    }

    @Override
    Tensor detach() {
      throw new IllegalStateException("detach() inside a fused program: fused programs are elementwise"
          + " compositions without autodiff state; differentiate the Fused function instead");
    }

    @Override
    List<Tensor> parts() {
      return List.of();
    }

    @Override
    boolean hasConcreteValue() {
      return false;
    }

    @Override
    Tensor concrete(String op) {
      throw new IllegalStateException(op + ": a fused program is being traced; its values exist only when it runs");
    }
  }
}
