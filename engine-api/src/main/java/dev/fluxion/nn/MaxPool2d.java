package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.Arrays;

/**
 * 2-d max pooling of {@code (N, C, H, W)} over {@code k×k} windows with a stride (default
 * {@code k}): {@code y[n, c, i, j] = max_{p, q < k} x[n, c, s·i + p, s·j + q]}, output
 * {@code (N, C, (H − k)/s + 1, (W − k)/s + 1)} (rows and columns that do not fill a window are
 * dropped, as PyTorch does). The gradient goes to the maximum of each window (shared equally
 * among tied maxima).
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
    if (stride == k) {
      // Non-overlapping windows: crop, split each spatial axis in two, reduce the inner ones.
      Tensor cropped = x.slice(2, 0, ho * k).slice(3, 0, wo * k);
      return cropped.reshape(s[0], s[1], ho, k, wo, k).max(3, 5);
    }
    Tensor windows = Im2col.patches(x.transpose(0, 2, 3, 1), k, stride, 0, ho, wo); // (N, Ho, Wo, k², C)
    return windows.max(3).transpose(0, 3, 1, 2);
  }

  @Override
  protected String describe() {
    return "MaxPool2d(kernel " + k + ", stride " + stride + ")";
  }
}
