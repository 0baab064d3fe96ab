package dev.fluxion.nn;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;

/**
 * Weight initialisation from a generator. Every function returns a new leaf variable made from
 * the next draw of {@code rng}; the same generator state gives the same values on every device
 * (Fluxion's random numbers are counter-based, see {@link Rng}).
 * {@code fanIn} and {@code fanOut} are the numbers of inputs and outputs of one unit
 * ({@code in} and {@code out} of a linear layer; {@code C·k·k} and {@code Cout·k·k} of a
 * convolution).
 */
public final class Init {
  private Init() {}

  /** Uniform on {@code [−bound, bound)}. */
  public static Tensor uniform(double bound, Rng rng, DType dtype, Device device, long... shape) {
    if (!(bound >= 0)) {
      throw new IllegalArgumentException("Init.uniform: bound must be >= 0, got " + bound);
    }
    return Autodiff.noGrad(() -> Tensor.rand(rng, dtype, device, shape).mul(2 * bound).sub(bound)).asVariable();
  }

  /** Normal with mean 0 and standard deviation {@code std}. */
  public static Tensor normal(double std, Rng rng, DType dtype, Device device, long... shape) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
    }
    return Autodiff.noGrad(() -> Tensor.randn(rng, dtype, device, shape).mul(std)).asVariable();
  }

  /**
   * Kaiming (He) uniform for ReLU layers: {@code U(−b, b)} with {@code b = √(6 / fanIn)}, so
   * that the variance of the pre-activations is kept through ReLU layers (He et al. 2015).
   */
  public static Tensor kaimingUniform(long fanIn, Rng rng, DType dtype, Device device, long... shape) {
    return uniform(Math.sqrt(6.0 / Math.max(1, fanIn)), rng, dtype, device, shape);
  }

  /** Kaiming (He) normal: {@code N(0, 2 / fanIn)}. */
  public static Tensor kaimingNormal(long fanIn, Rng rng, DType dtype, Device device, long... shape) {
    return normal(Math.sqrt(2.0 / Math.max(1, fanIn)), rng, dtype, device, shape);
  }

  /** Xavier (Glorot) uniform for tanh/sigmoid layers: {@code b = √(6 / (fanIn + fanOut))}. */
  public static Tensor xavierUniform(long fanIn, long fanOut, Rng rng, DType dtype, Device device, long... shape) {
    return uniform(Math.sqrt(6.0 / Math.max(1, fanIn + fanOut)), rng, dtype, device, shape);
  }

  /** Xavier (Glorot) normal: {@code N(0, 2 / (fanIn + fanOut))}. */
  public static Tensor xavierNormal(long fanIn, long fanOut, Rng rng, DType dtype, Device device, long... shape) {
    return normal(Math.sqrt(2.0 / Math.max(1, fanIn + fanOut)), rng, dtype, device, shape);
  }
}
