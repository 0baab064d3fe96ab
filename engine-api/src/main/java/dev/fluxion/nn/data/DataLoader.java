package dev.fluxion.nn.data;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches of a {@link Dataset}. Each call of {@link #iterator()} is one epoch: with
 * shuffling, epoch {@code e} (counting from 0) visits the samples in a Fisher–Yates permutation
 * seeded with {@code (seed, e)}, so a run is reproducible; the last batch may be smaller.
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(train, 128, 42, DType.FLOAT32, Device.cpu());
 * for (int epoch = 0; epoch < 5; epoch++) {
 *   for (Batch b : loader) { ... b.x() ... b.y() ... }
 * }
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch> {
  private final Dataset data;
  private final int batchSize;
  private final Long seed;
  private final DType dtype;
  private final Device device;
  private int epoch;

  /** A shuffling loader (seeded). */
  public DataLoader(Dataset data, int batchSize, long seed, DType dtype, Device device) {
    this(data, batchSize, Long.valueOf(seed), dtype, device);
  }

  /** A loader that keeps the data set's order (for evaluation). */
  public static DataLoader sequential(Dataset data, int batchSize, DType dtype, Device device) {
    return new DataLoader(data, batchSize, null, dtype, device);
  }

  private DataLoader(Dataset data, int batchSize, Long seed, DType dtype, Device device) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
    }
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException("DataLoader: features need a floating dtype, got " + dtype.numpyName());
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.dtype = dtype;
    this.device = device;
  }

  /** Number of batches per epoch. */
  public int batches() {
    return (data.size() + batchSize - 1) / batchSize;
  }

  public Dataset dataset() {
    return data;
  }

  /** The order of the samples in epoch {@code e}. */
  int[] order(int e) {
    int n = data.size();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (seed != null) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 1_000_003L + e);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }
    return idx;
  }

  @Override
  public Iterator<Batch> iterator() {
    int[] idx = order(epoch++);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < idx.length;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int n = Math.min(batchSize, idx.length - next);
        int per = data.sampleSize();
        float[] x = new float[n * per];
        long[] y = new long[n];
        float[] src = data.features();
        int[] labels = data.labels();
        for (int i = 0; i < n; i++) {
          int s = idx[next + i];
          System.arraycopy(src, s * per, x, i * per, per);
          y[i] = labels[s];
        }
        next += n;
        long[] sample = data.sampleShape();
        long[] shape = new long[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return new Batch(x, y, shape, dtype, device);
      }
    };
  }
}
