package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;

/**
 * {@code (sign det A, log|det A|)} of each matrix of {@code A (..., n, n)}, stacked on a last
 * axis of size 2: {@code (..., 2)}; {@code (0, −∞)} for a singular matrix, as NumPy.
 *
 * <p>The sign is piecewise constant (derivative 0); {@code d log|det A| = tr(A⁻¹Ȧ)}, so the VJP is
 * {@code Ā = ḡ₁ · A⁻ᵀ}. The derivative at a singular matrix throws {@link ArithmeticException}.
 */
final class SlogdetPrim extends Prim {
  static final SlogdetPrim INSTANCE = new SlogdetPrim();

  @Override
  String name() {
    return "slogdet";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] a = in[0].shapeRef();
    LinalgSupport.requireSquare("slogdet", "A", a);
    long[] batch = LinalgSupport.batchShape(a);
    long[] out = java.util.Arrays.copyOf(batch, batch.length + 1);
    out[batch.length] = 2;
    return new Meta(out, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    return LinalgSupport.run(backend, LinalgOp.SLOGDET, "slogdet", in, m);
  }

  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor gLog = g.broadcastTo(out.shape()).slice(-1, 1, 2).expandDims(-1);
    return new Tensor[] {gLog.mul(LinalgSupport.inverseTransposed("slogdet (derivative)", in[0]))};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[0] == null) {
      return null;
    }
    Tensor x = LinalgSupport.solve("slogdet (derivative)", LinalgOp.SOLVE, in[0], t[0].broadcastTo(in[0].shape()));
    Tensor onlyLog = Tensor.arange(in[0].dtype(), in[0].device(), 0, 2, 1).detach();  // [0, 1], made on the device
    return LinalgSupport.trace(x).expandDims(-1).mul(onlyLog);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    return new Batched(Dispatcher.apply(this, batchFirst(v[0], bdims[0])), 0);
  }
}
