package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/** {@code where(cond, a, b)}: elementwise selection with broadcasting over all three inputs. */
final class WherePrim extends Prim {
  static final WherePrim INSTANCE = new WherePrim();

  @Override
  String name() {
    return "where";
  }

  @Override
  Meta infer(Tensor[] in) {
    if (in[0].dtype() != DType.BOOL) {
      throw new IllegalArgumentException("where: the condition must be a bool tensor, got " + in[0].dtype().numpyName());
    }
    if (in[1].dtype() != in[2].dtype()) {
      throw new IllegalStateException("where: internal error, dtypes " + in[1].dtype() + " and " + in[2].dtype() + " were not promoted");
    }
    long[] shape = Shape.broadcast("where", Shape.broadcast("where", in[0].shape(), in[1].shape()), in[2].shape());
    return new Meta(shape, in[1].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View out = allocate(backend, m);
    backend.where(expand(in[0], m.shape()), expand(in[1], m.shape()), expand(in[2], m.shape()), out);
    return out;
  }

  /** Only the condition's values route the cotangent. */
  @Override
  boolean vjpReadsInput(int i) {
    return i == 0;
  }

  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor c = in[0];
    Tensor zero = Tensor.zerosLike(g);
    return new Tensor[] {
      null,
      needs[1] ? Tensor.where(c, g, zero) : null,
      needs[2] ? Tensor.where(c, zero, g) : null
    };
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (t[1] == null && t[2] == null) {
      return null;
    }
    Tensor zero = Tensor.zerosLike(out);
    return Tensor.where(in[0], t[1] == null ? zero : t[1], t[2] == null ? zero : t[2]);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = 0;
    for (int i = 0; i < 3; i++) {
      rank = Math.max(rank, logicalRank(v[i], bdims[i]));
    }
    return new Batched(Dispatcher.apply(this,
        alignBatched(v[0], bdims[0], rank), alignBatched(v[1], bdims[1], rank), alignBatched(v[2], bdims[2], rank)), 0);
  }
}
