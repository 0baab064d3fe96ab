package dev.fluxion.nn.data;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;

/**
 * One mini-batch: features {@code x()} of shape {@code (n, ...sampleShape)} (constants of the
 * loader's dtype) and labels {@code y()} of shape {@code (n)} (INT64 constants), on the
 * loader's device. The tensors are made on the first call of {@code x()} or {@code y()}, so
 * they belong to the {@link Tensor#scope()} open at that moment (typically the training
 * step's) and are freed with it.
 */
public final class Batch {
  private final float[] features;
  private final long[] labels;
  private final long[] shape;
  private final DType dtype;
  private final Device device;
  private Tensor x;
  private Tensor y;

  Batch(float[] features, long[] labels, long[] shape, DType dtype, Device device) {
    this.features = features;
    this.labels = labels;
    this.shape = shape;
    this.dtype = dtype;
    this.device = device;
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  public Tensor x() {
    if (x == null || x.isClosed()) {
      x = Tensor.from(features, dtype, device, true, shape);
    }
    return x;
  }

  public Tensor y() {
    if (y == null || y.isClosed()) {
      Tensor host = Tensor.from(labels, labels.length);
      y = host.device() == device ? host : host.to(device);
    }
    return y;
  }

  /** The labels on the host. */
  public long[] labels() {
    return labels.clone();
  }
}
