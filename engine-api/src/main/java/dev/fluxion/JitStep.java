package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * One backend call of a {@link Jit} plan: a kernel family, its op token, the views it reads and
 * writes (as {@link Arg}s naming slots of the plan's buffer table) and its parameters. Replaying
 * a step is exactly the backend call that eager evaluation made while the function was traced.
 */
record JitStep(Kind kind, Object op, JitStep.Arg[] in, JitStep.Arg[] out, int[] axes, double[] params, Object data) {

  enum Kind { UNARY, BINARY, WHERE, REDUCE, MATMUL, COPY, FILL, GATHER, SCATTER_ADD, FUSED, LINALG, WRITE }

  /** A view of slot {@code slot} of the plan's buffer table. */
  record Arg(int slot, long[] shape, long[] strides, long offset) {
    static Arg of(int slot, View v) {
      return new Arg(slot, v.shape().clone(), v.strides().clone(), v.offset());
    }

    boolean sameView(Arg o) {
      return slot == o.slot && offset == o.offset && Arrays.equals(shape, o.shape) && Arrays.equals(strides, o.strides);
    }

    boolean isDense() {
      return offset == 0 && Arrays.equals(strides, View.rowMajorStrides(shape));
    }

    @Override
    public String toString() {
      return "s" + slot + Shape.str(shape) + (isDense() ? "" : "@" + Arrays.toString(strides) + "+" + offset);
    }
  }

  /** Whether this step launches a kernel (a WRITE is a host-to-device copy). */
  boolean isKernel() {
    return kind != Kind.WRITE;
  }

  /** Runs the step on views bound to the plan's buffers. */
  void run(DeviceBackend be, View[] i, View[] o) {
    switch (kind) {
      case UNARY -> be.unary((UnaryOp) op, i[0], o[0]);
      case BINARY -> be.binary((BinaryOp) op, i[0], i[1], o[0]);
      case WHERE -> be.where(i[0], i[1], i[2], o[0]);
      case REDUCE -> be.reduce((ReduceOp) op, i[0], axes, o[0]);
      case MATMUL -> be.matmul(i[0], i[1], o[0]);
      case COPY -> be.copy(i[0], o[0]);
      case FILL -> be.fill((FillOp) op, o[0], params);
      case GATHER -> be.gather(i[0], i[1], axes[0], o[0]);
      case SCATTER_ADD -> be.scatterAdd(i[0], i[1], axes[0], o[0]);
      case FUSED -> be.fused((FusedProgram) op, i, o);
      case LINALG -> {
        long failed = be.linalg((LinalgOp) op, i, o[0]);
        if (failed >= 0) {
          throw new ArithmeticException("jit: " + op + " failed on matrix " + failed + " of its batch (as the eager"
              + " call would have); the results of this call are not valid");
        }
      }
      case WRITE -> be.write(o[0].buffer(), o[0].offset(), data, 0, (int) params[0]);
    }
  }

  @Override
  public String toString() {
    String name = kind == Kind.FUSED ? "fused{" + op + "}" : kind.name().toLowerCase(java.util.Locale.ROOT)
        + (op == null ? "" : " " + op);
    return Arrays.toString(out) + " = " + name + " " + Arrays.toString(in) + (axes == null ? "" : " axes " + Arrays.toString(axes));
  }
}
