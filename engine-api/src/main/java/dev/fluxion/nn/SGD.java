package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay (PyTorch's
 * {@code torch.optim.SGD} with dampening 0):
 * <pre>
 *   g ← ∇θ + λ·θ
 *   b ← μ·b + g          (b starts at 0, so the first step has b = g)
 *   θ ← θ − η·b          (with Nesterov: θ ← θ − η·(g + μ·b))
 * </pre>
 * with learning rate η, momentum μ and weight decay λ. Without momentum, {@code θ ← θ − η·g}.
 */
public final class SGD extends Optimizer {
  private final double lr;
  private final double momentum;
  private final double weightDecay;
  private final boolean nesterov;
  private final List<Tensor> buffers;

  /** Plain SGD. */
  public SGD(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, false);
  }

  /** SGD with momentum. */
  public SGD(List<Tensor> params, double lr, double momentum) {
    this(params, lr, momentum, 0, false);
  }

  public SGD(List<Tensor> params, double lr, double momentum, double weightDecay, boolean nesterov) {
    super(params);
    this.lr = requireNonNegative("SGD", "lr", lr);
    this.momentum = requireNonNegative("SGD", "momentum", momentum);
    this.weightDecay = requireNonNegative("SGD", "weight decay", weightDecay);
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
    }
    this.nesterov = nesterov;
    this.buffers = momentum > 0 ? zerosLikeParams() : null;
  }

  @Override
  protected void update(int i, Tensor p, Tensor grad, long t) {
    Tensor g = weightDecay == 0 ? grad : grad.add(p.mul(weightDecay));
    Tensor direction = g;
    if (buffers != null) {
      Tensor b = buffers.get(i);
      b.assign(b.mul(momentum).add(g));
      direction = nesterov ? g.add(b.mul(momentum)) : b;
    }
    p.assign(p.sub(direction.mul(lr)));
  }
}
