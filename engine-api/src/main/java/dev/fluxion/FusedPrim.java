package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * A traced elementwise program (possibly ending in sums, maxima or minima) run as one kernel
 * (see {@link Fused}); its k outputs are stacked on a new leading axis. Its derivative and
 * batching rules come from the program itself: the VJP and the JVP of an elementwise or summing
 * program are fused programs too (derived in {@link TracedProgram}, so a backward pass through a
 * fused sweep is again one kernel, and rules nest to any order); a program ending in max or min
 * differentiates op by op through its replay. Batching broadcasts the inputs as for any
 * elementwise primitive.
 */
final class FusedPrim extends Prim {
  final TracedProgram traced;

  FusedPrim(TracedProgram traced) {
    this.traced = traced;
  }

  @Override
  String name() {
    return "fused " + traced.name;
  }

  @Override
  Meta infer(Tensor[] in) {
    if (in.length != traced.program.inputs()) {
      throw new IllegalArgumentException(name() + ": takes " + traced.program.inputs() + " inputs, got " + in.length);
    }
    long[] s = new long[0];
    for (Tensor t : in) {
      if (t.dtype() != traced.program.dtype()) {
        throw new IllegalArgumentException(name() + ": inputs must be " + traced.program.dtype().numpyName() + ", got "
            + t.dtype().numpyName());
      }
      s = Shape.broadcast(name(), s, t.shapeRef());
    }
    if (!Arrays.equals(s, traced.shape)) {
      throw new IllegalArgumentException(name() + ": traced for the shape " + Shape.str(traced.shape) + ", given inputs of"
          + " broadcast shape " + Shape.str(s));
    }
    return new Meta(prepend(traced.outputs(), traced.outShape), traced.program.dtype());
  }

  static long[] prepend(long n, long[] s) {
    long[] out = new long[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    long[] s = traced.shape;
    View[] expanded = new View[in.length];
    for (int i = 0; i < in.length; i++) {
      expanded[i] = expand(in[i], s);
    }
    View out = allocate(backend, m);
    long[] each = traced.program.reduction() == null ? s : Shape.reduce(s, traced.program.reduction().axes(), false);
    long size = Shape.size(each);
    View[] outputs = new View[traced.outputs()];
    for (int j = 0; j < outputs.length; j++) {
      outputs[j] = new View(out.buffer(), each, View.rowMajorStrides(each), j * size);
    }
    backend.fused(traced.program, expanded, outputs);
    return out;
  }

  /** The derived rules recompute what they need from the inputs. */
  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    boolean any = false;
    for (boolean b : needs) {
      any |= b;
    }
    if (!any) {
      return new Tensor[in.length];
    }
    if (!traced.hasFusedDerivatives()) {
      return Autodiff.vjpN(traced::replayStacked, in).pullback().apply(g);
    }
    int n = in.length;
    int k = traced.outputs();
    Tensor[] args = Arrays.copyOf(in, n + k);
    long[] ctShape = traced.cotangentShape();
    for (int j = 0; j < k; j++) {
      args[n + j] = (k == 1 ? g : g.get(j)).reshape(ctShape);
    }
    TracedProgram d = traced.vjp(needs, in[0].device());
    Tensor[] parts = d.split(d.apply(args));
    Tensor[] result = new Tensor[n];
    for (int i = 0, q = 0; i < n; i++) {
      if (needs[i]) {
        result[i] = parts[q++];
      }
    }
    return result;
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    int n = in.length;
    boolean[] has = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      has[i] = t[i] != null;
      count += has[i] ? 1 : 0;
    }
    if (count == 0) {
      return null;
    }
    if (!traced.hasFusedDerivatives()) {
      Tensor[] tangents = new Tensor[n];
      for (int i = 0; i < n; i++) {
        tangents[i] = t[i] != null ? t[i].broadcastTo(in[i].shapeRef()) : Tensor.zerosLike(in[i]);
      }
      return Autodiff.jvpN(traced::replayStacked, in, tangents)[1];
    }
    Tensor[] args = Arrays.copyOf(in, n + count);
    for (int i = 0, q = n; i < n; i++) {
      if (has[i]) {
        args[q++] = t[i].broadcastTo(in[i].shapeRef());
      }
    }
    return traced.jvp(has, in[0].device()).apply(args);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    int rank = 0;
    for (int i = 0; i < v.length; i++) {
      rank = Math.max(rank, logicalRank(v[i], bdims[i]));
    }
    rank = Math.max(rank, traced.shape.length);
    Tensor[] aligned = new Tensor[v.length];
    long[][] shapes = new long[v.length][];
    for (int i = 0; i < v.length; i++) {
      aligned[i] = alignBatched(v[i], bdims[i], rank);
      shapes[i] = aligned[i].shapeRef();
    }
    return new Batched(Dispatcher.apply(new FusedPrim(traced.batched(shapes)), aligned), 1);
  }
}
