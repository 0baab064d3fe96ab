package dev.fluxion.nn;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.Arrays;

/**
 * A fully connected layer {@code y = x·Wᵀ + b} with {@code W} of shape {@code (out, in)} and
 * {@code b} of shape {@code (out)}; {@code x} is {@code (..., in)} and {@code y} is
 * {@code (..., out)} (PyTorch's layout, so saved weights match {@code nn.Linear}).
 *
 * <p>Initialisation, seeded: {@code W} is Kaiming-uniform, {@code U(−√(6/in), √(6/in))}
 * (suited to ReLU networks), and {@code b} is {@code U(−1/√in, 1/√in)} as in PyTorch.
 */
public final class Linear extends Module {
  private final long in;
  private final long out;

  /** A FLOAT64 layer on the default device (use {@link #to(DType)} or the full constructor for FLOAT32). */
  public Linear(long in, long out, long seed) {
    this(in, out, seed, DType.FLOAT64, Device.defaultDevice());
  }

  public Linear(long in, long out, long seed, DType dtype, Device device) {
    this(in, out, true, seed, dtype, device);
  }

  /** A layer with or without bias, initialised from {@code Rng.of(seed)}. */
  public Linear(long in, long out, boolean bias, long seed, DType dtype, Device device) {
    this(in, out, bias, Rng.of(seed), dtype, device);
  }

  /** A layer with or without bias, initialised from the next two draws of {@code rng} (weight, then bias). */
  public Linear(long in, long out, boolean bias, Rng rng, DType dtype, Device device) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("Linear: sizes must be >= 1, got in=" + in + ", out=" + out);
    }
    this.in = in;
    this.out = out;
    addParameter("weight", Init.kaimingUniform(in, rng, dtype, device, out, in));
    if (bias) {
      addParameter("bias", Init.uniform(1 / Math.sqrt(in), rng, dtype, device, out));
    }
  }

  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, or null for a layer made without one. */
  public Tensor bias() {
    return parameterOrNull("bias");
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.ndim() < 1 || x.shape()[x.ndim() - 1] != in) {
      throw new IllegalArgumentException("Linear(" + in + " → " + out + "): the input's last axis must have size "
          + in + ", got shape " + Arrays.toString(x.shape()));
    }
    Tensor y = x.matmul(weight().T());
    Tensor b = bias();
    return b == null ? y : y.add(b);
  }

  @Override
  protected String describe() {
    return "Linear(" + in + " → " + out + (bias() == null ? ", no bias" : "") + ")";
  }
}
