package dev.fluxion.nn;

import dev.fluxion.Tensor;

/** Sliding windows as stacked strided slices (shared by {@link Conv2d} and {@link MaxPool2d}). */
final class Im2col {
  private Im2col() {}

  /**
   * The {@code k×k} windows of a channels-last input {@code (N, H, W, C)} padded by
   * {@code pad}, with the given stride: {@code (N, Ho, Wo, k·k, C)}, window offset
   * {@code (p, q)} at index {@code p·k + q}.
   */
  static Tensor patches(Tensor nhwc, int k, int stride, int pad, long ho, long wo) {
    Tensor x = pad == 0 ? nhwc : nhwc.pad(new long[] {0, pad, pad, 0}, new long[] {0, pad, pad, 0});
    Tensor[] windows = new Tensor[k * k];
    for (int p = 0; p < k; p++) {
      Tensor rows = x.slice(1, p, p + stride * (ho - 1) + 1, stride);
      for (int q = 0; q < k; q++) {
        windows[p * k + q] = rows.slice(2, q, q + stride * (wo - 1) + 1, stride);
      }
    }
    return windows.length == 1 ? windows[0].expandDims(3) : Tensor.stack(3, windows);
  }
}
