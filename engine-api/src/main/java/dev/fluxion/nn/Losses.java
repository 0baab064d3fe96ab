package dev.fluxion.nn;

import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.Tensor;
import java.util.Arrays;

/** Loss functions; each returns a 0-d tensor (the mean over the batch) in the input's dtype. */
public final class Losses {
  private Losses() {}

  /** Mean squared error {@code mean((pred − target)²)} over all elements (one fused pass); the shapes must be equal. */
  public static Tensor mse(Tensor pred, Tensor target) {
    requireFloating("mse", pred);
    if (!Arrays.equals(pred.shape(), target.shape())) {
      throw new IllegalArgumentException("mse: prediction shape " + Arrays.toString(pred.shape())
          + " and target shape " + Arrays.toString(target.shape()) + " differ");
    }
    return MEAN_SQUARED_ERROR.apply(pred, target.to(pred.dtype()), inverseCount(pred))[0];
  }

  /** {@code Σ (p − t)² / n} in one pass (inputs p, t and 1/n). */
  private static final Fused MEAN_SQUARED_ERROR = Fused.of("mse", 3, t -> new Tensor[] {
      t[0].sub(t[1]).square().mul(t[2]).sum()});

  private static Tensor inverseCount(Tensor x) {
    return Tensor.scalar(1.0 / Math.max(1, x.size()), x.dtype(), x.device());
  }

  /**
   * Softmax cross-entropy of logits {@code (N, C)} against integer class labels {@code (N)} in
   * {@code [0, C)}: {@code mean_i(logsumexp(z_i) − z_{i,y_i})}, computed stably as
   * {@code m_i + log Σ_c e^(z_ic − m_i) − z_{i,y_i}} with m the row maximum (no exponential
   * overflows). Its gradient with respect to the logits is {@code (softmax(z) − onehot(y)) / N}.
   * The label is picked by comparing with {@code arange(C)} on the logits' device (no host round
   * trip). Labels on the CPU are checked to be in range; on other devices an out-of-range label
   * makes the loss NaN.
   *
   * <p>It runs as fused programs (the row sums of exponentials, the picked logits, the mean over
   * rows) after the row maximum: six kernels forward and five backward, instead of
   * some twenty separate ops each way.
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
      try {
        checkRange(labels, c);
      } catch (dev.fluxion.ConcretizationException traced) {
        // labels traced by jit are not known yet: an out-of-range one gives a NaN loss, as on devices
      }
    }
    DType t = logits.dtype();
    Tensor m = ROW_MAX.apply(logits.detach())[0];
    Tensor y = labels.to(t);
    Tensor classes = Tensor.arange(t, logits.device(), 0, c, 1).reshape(1, c);
    Tensor sums = CROSS_ENTROPY_SUMS.apply(logits, m)[0];
    Tensor picked = CROSS_ENTROPY_PICKED.apply(logits, y.reshape(n, 1), classes)[0];
    return CROSS_ENTROPY_MEAN.apply(sums, picked, m.reshape(n), y, Tensor.scalar(c, t, logits.device()),
        Tensor.scalar(1.0 / n, t, logits.device()))[0];
  }

  /** The row maximum (N, 1) of logits (N, C), a constant of the loss. */
  private static final Fused ROW_MAX = Fused.of("crossEntropy max", 1, t -> new Tensor[] {t[0].max(true, 1)});

  // Two programs of one output each rather than one of two: a program's outputs are stacked, and
  // taking two outputs apart again costs kernels in the backward pass.

  /**
   * Per row of logits z (N, C) with the row maximum m (N, 1): {@code Σ_c e^(z − m)}. An infinite
   * maximum counts as 0 (so a row of −inf stays finite where it can).
   */
  private static final Fused CROSS_ENTROPY_SUMS = Fused.of("crossEntropy sums", 2,
      t -> new Tensor[] {t[0].sub(finiteOrZero(t[1])).exp().sum(1)});

  /** Per row of logits z (N, C), with the labels y (N, 1) and the class indices (1, C): {@code Σ_c [c = y]·z}. */
  private static final Fused CROSS_ENTROPY_PICKED = Fused.of("crossEntropy picked", 3,
      t -> new Tensor[] {Tensor.where(t[2].eq(t[1]), t[0], Tensor.zerosLike(t[0])).sum(1)});

  /**
   * The mean over rows of {@code log s + m − picked}, NaN for a row whose label is outside
   * [0, C): inputs s, picked, m, y (N), then C and 1/N.
   */
  private static final Fused CROSS_ENTROPY_MEAN = Fused.of("crossEntropy mean", 6, t -> {
    Tensor y = t[3];
    Tensor outside = Tensor.where(y.lt(0.0), Tensor.scalar(Double.NaN, y.dtype(), y.device()),
        Tensor.where(y.ge(t[4]), Tensor.scalar(Double.NaN, y.dtype(), y.device()), Tensor.zerosLike(y)));
    return new Tensor[] {t[0].log().add(finiteOrZero(t[2])).sub(t[1]).add(outside).mul(t[5]).sum()};
  });

  private static Tensor finiteOrZero(Tensor m) {
    return Tensor.where(m.sub(m).eq(0.0), m, Tensor.zerosLike(m));
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
    return BCE_WITH_LOGITS.apply(x, t.to(x.dtype()), inverseCount(x))[0];
  }

  /** {@code Σ (max(x, 0) − x·t + log(1 + e^−|x|)) / n} in one pass (inputs x, t and 1/n). */
  private static final Fused BCE_WITH_LOGITS = Fused.of("binaryCrossEntropyWithLogits", 3, t -> new Tensor[] {
      t[0].relu().sub(t[0].mul(t[1])).add(t[0].abs().neg().exp().log1p()).mul(t[2]).sum()});

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
