package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.Arrays;

/**
 * 2-d max pooling of {@code (N, C, H, W)} over {@code k×k} windows with a stride (default
 * {@code k}): {@code y[n, c, i, j] = max_{p, q < k} x[n, c, s·i + p, s·j + q]}, output
 * {@code (N, C, (H − k)/s + 1, (W − k)/s + 1)} (rows and columns that do not fill a window are
 * dropped, as PyTorch does). Computed as {@code maximum} folded over the k² strided views
 * {@code x[:, :, p::s, q::s]}; the gradient goes to the maximum of each window (split between
 * tied maxima at each fold, so a window of equal values shares it equally when k² is a power of 2).
 */
public final class MaxPool2d extends Module {
  private final int k;
  private final int stride;

  public MaxPool2d(int kernel) {
    this(kernel, kernel);
  }

  public MaxPool2d(int kernel, int stride) {
    if (kernel < 1 || stride < 1) {
      throw new IllegalArgumentException("MaxPool2d: kernel and stride must be >= 1, got " + kernel + ", " + stride);
    }
    this.k = kernel;
    this.stride = stride;
  }

  @Override
  public Tensor forward(Tensor x) {
    long[] s = x.shape();
    if (s.length != 4 || s[2] < k || s[3] < k) {
      throw new IllegalArgumentException(describe() + ": needs an input (N, C, H, W) with H, W >= " + k + ", got "
          + Arrays.toString(s));
    }
    long ho = (s[2] - k) / stride + 1;
    long wo = (s[3] - k) / stride + 1;
    // An elementwise maximum folded over the k² strided views of the window offsets: each step
    // is one bandwidth-bound binary op (a max-reduction over two inner axes is much slower).
    Tensor y = null;
    for (int p = 0; p < k; p++) {
      Tensor rows = x.slice(2, p, p + stride * (ho - 1) + 1, stride);
      for (int q = 0; q < k; q++) {
        Tensor window = rows.slice(3, q, q + stride * (wo - 1) + 1, stride);
        y = y == null ? window : y.maximum(window);
      }
    }
    return y;
  }

  @Override
  protected String describe() {
    return "MaxPool2d(kernel " + k + ", stride " + stride + ")";
  }
}
