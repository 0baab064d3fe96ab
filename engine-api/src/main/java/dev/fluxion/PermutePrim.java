package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.Arrays;

/** Axis permutation: output axis {@code i} is input axis {@code perm[i]}. Always a view. */
final class PermutePrim extends Prim {
  final int[] perm;

  PermutePrim(int[] perm) {
    this.perm = perm;
  }

  @Override
  String name() {
    return "permute";
  }

  @Override
  Meta infer(Tensor[] in) {
    long[] s = in[0].shape();
    boolean[] seen = new boolean[s.length];
    boolean ok = perm.length == s.length;
    for (int i = 0; ok && i < perm.length; i++) {
      ok = perm[i] >= 0 && perm[i] < s.length && !seen[perm[i]];
      if (ok) {
        seen[perm[i]] = true;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
          + " is not a permutation of the axes of a tensor of rank " + s.length + " (shape " + Shape.str(s) + ")");
    }
    long[] out = new long[s.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = s[perm[i]];
    }
    return new Meta(out, in[0].dtype());
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta m) {
    View x = in[0];
    long[] strides = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      strides[i] = x.strides()[perm[i]];
    }
    return new View(x.buffer(), m.shape(), strides, x.offset());
  }

  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  /** The VJP needs only the input's shape, dtype or device. */
  @Override
  boolean vjpReadsInput(int i) {
    return false;
  }

  @Override
  boolean vjpReadsOutput() {
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    return new Tensor[] {g.transpose(inverse(perm))};
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    return t[0] == null ? null : t[0].broadcastTo(in[0].shape()).transpose(perm);
  }

  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor x = batchFirst(v[0], bdims[0]);
    int[] p = new int[perm.length + 1];
    for (int i = 0; i < perm.length; i++) {
      p[i + 1] = perm[i] + 1;
    }
    return new Batched(Dispatcher.apply(new PermutePrim(p), x), 0);
  }
}
