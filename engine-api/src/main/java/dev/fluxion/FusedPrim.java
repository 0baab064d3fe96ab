package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.View;

/**
 * A traced elementwise program run as one kernel (see {@link Fused}); its k outputs are stacked
 * on a new leading axis. Its derivative and batching rules are those of the composition it was
 * traced from: the VJP and JVP re-run the body with tensor ops (so they nest like any rule),
 * and batching broadcasts the inputs as for any elementwise primitive.
 */
final class FusedPrim extends Prim {
  private final Fused fused;
  final FusedProgram program;

  FusedPrim(Fused fused, FusedProgram program) {
    this.fused = fused;
    this.program = program;
  }

  @Override
  String name() {
    return "fused " + fused.name();
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] s = new long[0];
    for (Tensor t : in) {
      if (t.dtype() != program.dtype()) {
        throw new IllegalArgumentException(name() + ": inputs must be " + program.dtype().numpyName() + ", got "
            + t.dtype().numpyName());
      }
      s = Shape.broadcast(name(), s, t.shapeRef());
    }
    return new Meta(prepend(program.outputs().length, s), program.dtype());
  }

  static long[] prepend(long n, long[] s) {
    long[] out = new long[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] s = java.util.Arrays.copyOfRange(m.shape(), 1, m.shape().length);
    View[] expanded = new View[in.length];
    for (int i = 0; i < in.length; i++) {
      expanded[i] = expand(in[i], s);
    }
    View out = allocate(backend, m);
    long size = Shape.size(s);
    View[] outputs = new View[program.outputs().length];
    for (int j = 0; j < outputs.length; j++) {
      outputs[j] = new View(out.buffer(), s, View.rowMajorStrides(s), j * size);
    }
    backend.fused(program, expanded, outputs);
    return out;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    return Autodiff.vjpN(fused::stacked, in).pullback().apply(g);
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    Tensor[] tangents = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      tangents[i] = t[i] != null ? t[i].broadcastTo(in[i].shapeRef()) : Tensor.zerosLike(in[i]);
    }
    return Autodiff.jvpN(fused::stacked, in, tangents)[1];
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = 0;
    for (int i = 0; i < v.length; i++) {
      rank = Math.max(rank, logicalRank(v[i], bdims[i]));
    }
    Tensor[] aligned = new Tensor[v.length];
    for (int i = 0; i < v.length; i++) {
      aligned[i] = alignBatched(v[i], bdims[i], rank);
    }
    return new Batched(Dispatcher.apply(this, aligned), 1);
  }
}
