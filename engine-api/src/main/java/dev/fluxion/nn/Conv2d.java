package dev.fluxion.nn;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.Arrays;

/**
 * 2-d convolution (cross-correlation, as PyTorch's {@code nn.Conv2d}) of an input
 * {@code (N, C, H, W)} with a weight {@code (Cout, C, k, k)} and a bias {@code (Cout)}:
 * <pre>
 *   y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x̃[n, c, s·i + p, s·j + q]
 * </pre>
 * where {@code x̃} is {@code x} padded with {@code pad} zeros on each side and {@code s} is the
 * stride; the output is {@code (N, Cout, Ho, Wo)} with {@code Ho = (H + 2·pad − k) / s + 1}.
 *
 * <p>Computed by im2col with primitives only: the input is viewed as {@code (N, H, W, C)},
 * padded, cut into {@code k²} strided slices that are stacked into patches
 * {@code (N·Ho·Wo, k²·C)}, and multiplied by the weight as a {@code (k²·C, Cout)} matrix, so
 * one GEMM does the work and autodiff derives the backward pass (slices become pads).
 *
 * <p>Initialisation, seeded: Kaiming-uniform weight with fan-in {@code C·k²}; bias
 * {@code U(−1/√fanIn, 1/√fanIn)}.
 */
public final class Conv2d extends Module {
  private final long in;
  private final long out;
  private final int k;
  private final int stride;
  private final int pad;

  /** A FLOAT64 convolution with stride 1 and no padding on the default device. */
  public Conv2d(long in, long out, int kernel, long seed) {
    this(in, out, kernel, 1, 0, seed, DType.FLOAT64, Device.defaultDevice());
  }

  public Conv2d(long in, long out, int kernel, int stride, int padding, long seed, DType dtype, Device device) {
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException("Conv2d: need in, out, kernel, stride >= 1 and padding >= 0, got in=" + in
          + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
    }
    this.in = in;
    this.out = out;
    this.k = kernel;
    this.stride = stride;
    this.pad = padding;
    long fanIn = in * kernel * kernel;
    Rng rng = Rng.of(seed);
    addParameter("weight", Init.kaimingUniform(fanIn, rng, dtype, device, out, in, kernel, kernel));
    addParameter("bias", Init.uniform(1 / Math.sqrt(fanIn), rng, dtype, device, out));
  }

  public Tensor weight() {
    return parameter("weight");
  }

  public Tensor bias() {
    return parameter("bias");
  }

  @Override
  public Tensor forward(Tensor x) {
    long[] s = x.shape();
    if (s.length != 4 || s[1] != in) {
      throw new IllegalArgumentException(describe() + ": needs an input of shape (N, " + in + ", H, W), got "
          + Arrays.toString(s));
    }
    long n = s[0];
    long ho = (s[2] + 2L * pad - k) / stride + 1;
    long wo = (s[3] + 2L * pad - k) / stride + 1;
    if (s[2] + 2L * pad < k || s[3] + 2L * pad < k) {
      throw new IllegalArgumentException(describe() + ": the padded input " + Arrays.toString(s)
          + " is smaller than the kernel");
    }
    Tensor patches = Im2col.patches(x.transpose(0, 2, 3, 1), k, stride, pad, ho, wo).reshape(n * ho * wo, k * k * in);
    Tensor w = weight().transpose(2, 3, 1, 0).reshape(k * k * in, out);
    Tensor y = patches.matmul(w).add(bias());
    return y.reshape(n, ho, wo, out).transpose(0, 3, 1, 2);
  }

  @Override
  protected String describe() {
    return "Conv2d(" + in + " → " + out + ", kernel " + k + ", stride " + stride + ", padding " + pad + ")";
  }
}
