package dev.fluxion.nn;

import dev.fluxion.DType;
import dev.fluxion.Tensor;
import java.util.Arrays;

/** Loss functions; each returns a 0-d tensor (the mean over the batch) in the input's dtype. */
public final class Losses {
  private Losses() {}

  /** Mean squared error {@code mean((pred − target)²)} over all elements; the shapes must be equal. */
  public static Tensor mse(Tensor pred, Tensor target) {
    requireFloating("mse", pred);
    if (!Arrays.equals(pred.shape(), target.shape())) {
      throw new IllegalArgumentException("mse: prediction shape " + Arrays.toString(pred.shape())
          + " and target shape " + Arrays.toString(target.shape()) + " differ");
    }
    return pred.sub(target.to(pred.dtype())).square().mean();
  }

  /**
   * Softmax cross-entropy of logits {@code (N, C)} against integer class labels {@code (N)} in
   * {@code [0, C)}: {@code mean_i(logsumexp(z_i) − z_{i,y_i})}, computed stably through
   * {@link Tensor#logSoftmax} (no exponential overflows). Its gradient with respect to the
   * logits is {@code (softmax(z) − onehot(y)) / N}. The label is picked by comparing with
   * {@code arange(C)} on the logits' device (no host round trip). Labels on the CPU are
   * checked to be in range; on other devices an out-of-range label makes the loss NaN.
   */
  public static Tensor crossEntropy(Tensor logits, Tensor labels) {
    requireFloating("crossEntropy", logits);
    if (logits.ndim() != 2) {
      throw new IllegalArgumentException("crossEntropy: logits must have shape (N, C), got "
          + Arrays.toString(logits.shape()));
    }
    if (!labels.dtype().isInteger()) {
      throw new IllegalArgumentException("crossEntropy: labels must be int32 or int64 class indices, got "
          + labels.dtype().numpyName());
    }
    long n = logits.shape()[0];
    long c = logits.shape()[1];
    if (labels.ndim() != 1 || labels.shape()[0] != n) {
      throw new IllegalArgumentException("crossEntropy: labels must have shape (" + n + ") for logits of shape "
          + Arrays.toString(logits.shape()) + ", got " + Arrays.toString(labels.shape()));
    }
    if (labels.device() != logits.device()) {
      throw new IllegalArgumentException("crossEntropy: labels are on " + labels.device() + " but logits on "
          + logits.device());
    }
    if (labels.device().family().equals("cpu")) {
      checkRange(labels, c);
    }
    Tensor classes = Tensor.arange(labels.dtype(), labels.device(), 0, c, 1).expandDims(0);
    Tensor onehot = labels.expandDims(1).eq(classes).to(logits.dtype());
    Tensor picked = logits.logSoftmax(1).mul(onehot).sum(1);
    // Each valid row has exactly one 1; a row without (label out of range) gives 0/0 = NaN.
    return picked.div(onehot.sum(1)).mean().neg();
  }

  private static void checkRange(Tensor labels, long classes) {
    double[] v = labels.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] >= classes) {
        throw new IllegalArgumentException("crossEntropy: label " + (long) v[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
    }
  }

  /**
   * Binary cross-entropy of probabilities {@code p} in [0, 1] against targets {@code t} in
   * [0, 1] (same shape): {@code −mean(t·log p + (1−t)·log(1−p))}, with each log clamped
   * at −100 as PyTorch does, so that p = 0 or 1 gives a finite loss. Prefer
   * {@link #binaryCrossEntropyWithLogits} when the probabilities come from a sigmoid.
   */
  public static Tensor binaryCrossEntropy(Tensor p, Tensor t) {
    requireFloating("binaryCrossEntropy", p);
    sameShape("binaryCrossEntropy", p, t);
    Tensor target = t.to(p.dtype());
    Tensor logP = p.log().maximum(-100.0);
    Tensor log1mP = p.rsub(1).log().maximum(-100.0);
    return target.mul(logP).add(target.rsub(1).mul(log1mP)).mean().neg();
  }

  /**
   * Binary cross-entropy of logits {@code x} (σ(x) is the probability) against targets
   * {@code t}, stably: {@code mean(max(x, 0) − x·t + log(1 + e^−|x|))}. Its gradient is
   * {@code (σ(x) − t) / n}.
   */
  public static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor t) {
    requireFloating("binaryCrossEntropyWithLogits", x);
    sameShape("binaryCrossEntropyWithLogits", x, t);
    Tensor target = t.to(x.dtype());
    return x.relu().sub(x.mul(target)).add(x.abs().neg().exp().log1p()).mean();
  }

  /** Fraction of rows of {@code logits (N, C)} whose argmax equals the label (a 0-d FLOAT64 constant). */
  public static Tensor accuracy(Tensor logits, Tensor labels) {
    if (logits.ndim() != 2 || labels.ndim() != 1 || labels.shape()[0] != logits.shape()[0]) {
      throw new IllegalArgumentException("accuracy: needs logits (N, C) and labels (N), got "
          + Arrays.toString(logits.shape()) + " and " + Arrays.toString(labels.shape()));
    }
    return logits.argmax(1).eq(labels.to(DType.INT64)).to(DType.FLOAT64).mean().detach();
  }

  private static void requireFloating(String op, Tensor x) {
    if (!x.dtype().isFloating()) {
      throw new IllegalArgumentException(op + ": needs floating predictions, got " + x.dtype().numpyName());
    }
  }

  private static void sameShape(String op, Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(op + ": input shape " + Arrays.toString(a.shape()) + " and target shape "
          + Arrays.toString(b.shape()) + " differ");
    }
  }
}
