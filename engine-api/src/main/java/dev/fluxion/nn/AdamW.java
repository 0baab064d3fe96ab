package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), as PyTorch's
 * {@code torch.optim.AdamW}: first {@code θ ← θ − η·λ·θ}, then the {@link Adam} step with the
 * plain gradient (no L2 term in the moments). Default λ = 0.01.
 */
public final class AdamW extends Adam {
  public AdamW(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0.01);
  }

  public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    super(params, lr, beta1, beta2, eps, weightDecay);
  }

  @Override
  double l2() {
    return 0;
  }

  @Override
  double shrink() {
    return 1 - lr * weightDecay;
  }
}
