package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;

/**
 * {@code X = A⁻¹B} for {@code A (..., n, n)} and {@code B (..., n, k)} with broadcast batch axes:
 * general A ({@link LinalgOp#SOLVE}, LU with partial pivoting) or the lower / upper triangle of A
 * ({@link LinalgOp#SOLVE_LOWER}, {@link LinalgOp#SOLVE_UPPER}; the other triangle is not read).
 *
 * <p>With {@code T} the part of A that is read: JVP {@code Ẋ = A⁻¹(Ḃ − T(Ȧ)·X)};
 * VJP {@code B̄ = A⁻ᵀḠ}, {@code Ā = T(−B̄·Xᵀ)} (JAX's {@code triangular_solve} and {@code solve} rules).
 */
final class SolvePrim extends Prim {
  private final String name;
  private final LinalgOp op;

  SolvePrim(String name, LinalgOp op) {
    if (op != LinalgOp.SOLVE && op != LinalgOp.SOLVE_LOWER && op != LinalgOp.SOLVE_UPPER) {
      throw new IllegalArgumentException("SolvePrim: " + op + " is not a solve");
    }
    this.name = name;
    this.op = op;
  }

  @Override
  String name() {
    return name;
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] a = in[0].shapeRef();
    long[] b = in[1].shapeRef();
    long n = LinalgSupport.requireSquare(name, "A", a);
    if (b.length < 2 || b[b.length - 2] != n) {
      throw new IllegalArgumentException(name + ": B of shape " + Shape.str(b) + " does not fit A of shape " + Shape.str(a)
          + ": B must be (..., " + n + ", k)");
    }
    if (in[0].dtype() != in[1].dtype() || !in[0].dtype().isFloating()) {
      throw new IllegalStateException(name + ": internal error, operands " + in[0].dtype() + " and " + in[1].dtype());
    }
    long[] batch = Shape.broadcast(name + " (batch axes)", LinalgSupport.batchShape(a), LinalgSupport.batchShape(b));
    return new Meta(LinalgSupport.withMatrix(batch, n, b[b.length - 1]), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] batch = LinalgSupport.batchShape(m.shape());
    long n = m.shape()[m.shape().length - 2];
    View a = expand(in[0], LinalgSupport.withMatrix(batch, n, n));
    View b = expand(in[1], m.shape());
    return LinalgSupport.run(backend, op, name, new View[] {a, b}, m);
  }

  private boolean triangular() {
    return op != LinalgOp.SOLVE;
  }

  /** The part of a matrix that this solve reads. */
  private Tensor read(Tensor x) {
    return triangular() ? LinalgSupport.triangle(x, op == LinalgOp.SOLVE_LOWER) : x;
  }

  /** The same solve with Aᵀ (whose read triangle is the other one). */
  private LinalgOp transposed() {
    return op == LinalgOp.SOLVE ? op : op == LinalgOp.SOLVE_LOWER ? LinalgOp.SOLVE_UPPER : LinalgOp.SOLVE_LOWER;
  }

  private String derivative() {
    return name.endsWith("(derivative)") ? name : name + " (derivative)";
  }

  /** B̄ needs A only; Ā also needs X. */
  @Override
  boolean vjpReadsInput(int i) {
    return i == 0;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor gb = LinalgSupport.solve(derivative(), transposed(), LinalgSupport.mT(in[0]), g);
    Tensor ga = needs[0] ? read(gb.matmul(LinalgSupport.mT(out)).neg()) : null;
    return new Tensor[] {ga, needs[1] ? gb : null};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    Tensor tb = t[1] == null ? null : t[1].broadcastTo(in[1].shape());
    Tensor rhs = sub(tb, t[0] == null ? null : read(t[0].broadcastTo(in[0].shape())).matmul(out));
    return rhs == null ? null : LinalgSupport.solve(derivative(), op, in[0], rhs);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = Math.max(logicalRank(v[0], bdims[0]), logicalRank(v[1], bdims[1]));
    Tensor a = alignBatched(v[0], bdims[0], rank);
    Tensor b = alignBatched(v[1], bdims[1], rank);
    return new Batched(Dispatcher.apply(this, a, b), 0);
  }
}
