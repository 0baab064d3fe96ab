package dev.fluxion.nn.data;

import java.util.Arrays;

/**
 * A labelled classification data set held in host memory: {@code size()} samples, each a
 * FLOAT32 array of {@code sampleShape} (row-major, all samples back to back in
 * {@link #features()}) with an integer label in {@code [0, classes)}. Tensors are made per
 * mini-batch by a {@link DataLoader}, on the device the training runs on.
 */
public final class Dataset {
  private final String name;
  private final float[] features;
  private final int[] labels;
  private final long[] sampleShape;
  private final int sampleSize;
  private final int classes;

  /**
   * @param features {@code labels.length · prod(sampleShape)} values, sample after sample
   * @param labels one label per sample, each in {@code [0, classes)}
   */
  public Dataset(String name, float[] features, int[] labels, long[] sampleShape, int classes) {
    long per = 1;
    for (long s : sampleShape) {
      if (s < 1) {
        throw new IllegalArgumentException("Dataset " + name + ": bad sample shape " + Arrays.toString(sampleShape));
      }
      per *= s;
    }
    if (per * labels.length != features.length) {
      throw new IllegalArgumentException("Dataset " + name + ": " + features.length + " feature values for "
          + labels.length + " samples of shape " + Arrays.toString(sampleShape) + " (need " + per * labels.length + ")");
    }
    if (classes < 1) {
      throw new IllegalArgumentException("Dataset " + name + ": classes must be >= 1, got " + classes);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("Dataset " + name + ": label " + labels[i] + " of sample " + i
            + " is outside [0, " + classes + ")");
      }
    }
    this.name = name;
    this.features = features;
    this.labels = labels;
    this.sampleShape = sampleShape.clone();
    this.sampleSize = (int) per;
    this.classes = classes;
  }

  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  /** The shape of one sample (e.g. {@code [1, 28, 28]}). */
  public long[] sampleShape() {
    return sampleShape.clone();
  }

  /** Number of values in one sample. */
  public int sampleSize() {
    return sampleSize;
  }

  public int classes() {
    return classes;
  }

  /** The backing feature array (not copied; do not modify). */
  public float[] features() {
    return features;
  }

  /** The backing label array (not copied; do not modify). */
  public int[] labels() {
    return labels;
  }

  /** The samples {@code [from, to)} as a new data set (copies). */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("Dataset " + name + ": slice [" + from + ", " + to + ") of " + size() + " samples");
    }
    return new Dataset(name + "[" + from + ":" + to + "]",
        Arrays.copyOfRange(features, from * sampleSize, to * sampleSize),
        Arrays.copyOfRange(labels, from, to), sampleShape, classes);
  }

  /** The first {@code n} samples (all of them when {@code n >= size()}). */
  public Dataset head(int n) {
    return n >= size() ? this : slice(0, n);
  }

  /** All samples, in order, as one batch (e.g. to evaluate a small test set at once). */
  public Batch batch(dev.fluxion.DType dtype, dev.fluxion.Device device) {
    long[] y = new long[size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[i];
    }
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = size();
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return new Batch(features.clone(), y, shape, dtype, device);
  }

  @Override
  public String toString() {
    return name + " (" + size() + " samples of shape " + Arrays.toString(sampleShape) + ", " + classes + " classes)";
  }
}
