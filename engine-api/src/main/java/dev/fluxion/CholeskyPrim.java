package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;

/**
 * The Cholesky factor of each matrix of {@code A (..., n, n)}: L lower triangular with a
 * positive diagonal and {@code L·Lᵀ = S}, where {@code S = (A + Aᵀ)/2} (JAX's
 * {@code symmetrize_input}: for a symmetric A, S = A; for any A the derivatives below are exact).
 *
 * <p>With {@code Φ(X)} the lower triangle of X with its diagonal halved:
 * JVP {@code L̇ = L·Φ(L⁻¹ Ṡ L⁻ᵀ)} (Murray 2016, as JAX); VJP {@code Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)} (as PyTorch).
 */
final class CholeskyPrim extends Prim {
  static final CholeskyPrim INSTANCE = new CholeskyPrim();
  private static final String DERIVATIVE = "cholesky (derivative)";

  @Override
  String name() {
    return "cholesky";
  }

  @Override
  Meta infer(Tensor[] in) {
    LinalgSupport.requireSquare("cholesky", "A", in[0].shapeRef());
    return new Meta(in[0].shapeRef().clone(), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    return LinalgSupport.run(backend, LinalgOp.CHOLESKY, "cholesky", in, m);
  }

  /** The rules use L only. */
  @Override
  boolean vjpReadsInput(int i) {
    return false;
  }

  /** Φ(X): the strictly lower triangle of X plus half its diagonal. */
  private static Tensor phi(Tensor x) {
    long n = x.shapeRef()[x.ndim() - 1];
    return LinalgSupport.triangle(x, true).sub(x.mul(LinalgSupport.identity(n, x)).mul(0.5));
  }

  /** {@code L⁻¹ M L⁻ᵀ} for a symmetric M. */
  private static Tensor congruence(Tensor l, Tensor m) {
    Tensor y = LinalgSupport.solve(DERIVATIVE, LinalgOp.SOLVE_LOWER, l, m);
    return LinalgSupport.solve(DERIVATIVE, LinalgOp.SOLVE_LOWER, l, LinalgSupport.mT(y));
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    return out.matmul(phi(congruence(out, LinalgSupport.sym(t[0].broadcastTo(in[0].shape())))));
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor lt = LinalgSupport.mT(out);
    Tensor p = phi(lt.matmul(g));
    Tensor z = LinalgSupport.solve(DERIVATIVE, LinalgOp.SOLVE_UPPER, lt, p);
    Tensor w = LinalgSupport.mT(LinalgSupport.solve(DERIVATIVE, LinalgOp.SOLVE_UPPER, lt, LinalgSupport.mT(z)));
    return new Tensor[] {LinalgSupport.sym(w)};
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, batchFirst(v[0], bdims[0])), 0);
  }
}
