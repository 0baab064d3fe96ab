package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;

/**
 * The determinant of each matrix of {@code A (..., n, n)} → {@code (...)}, from an LU
 * factorisation with partial pivoting; exactly 0 for a singular matrix (no error).
 *
 * <p>JVP {@code ḋ = det A · tr(A⁻¹Ȧ)}; VJP {@code Ā = ḡ · det A · A⁻ᵀ} (Jacobi's formula, as JAX).
 * Both solve with A, so the derivative at a singular matrix throws {@link ArithmeticException}
 * (JAX computes it there from the adjugate; Fluxion does not).
 */
final class DetPrim extends Prim {
  static final DetPrim INSTANCE = new DetPrim();

  @Override
  String name() {
    return "det";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] a = in[0].shapeRef();
    LinalgSupport.requireSquare("det", "A", a);
    return new Meta(LinalgSupport.batchShape(a), in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    return LinalgSupport.run(backend, LinalgOp.DET, "det", in, m);
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor scale = g.mul(out).expandDims(-1).expandDims(-1);
    return new Tensor[] {scale.mul(LinalgSupport.inverseTransposed("det (derivative)", in[0]))};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    Tensor x = LinalgSupport.solve("det (derivative)", LinalgOp.SOLVE, in[0], t[0].broadcastTo(in[0].shape()));
    return out.mul(LinalgSupport.trace(x));
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, batchFirst(v[0], bdims[0])), 0);
  }
}
