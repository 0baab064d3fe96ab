package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015), as PyTorch's {@code torch.optim.Adam}; at step t = 1, 2, ...:
 * <pre>
 *   g ← ∇θ + λ·θ                  (L2 weight decay λ, default 0)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 * Defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8. For decoupled weight decay use {@link AdamW}.
 */
public class Adam extends Optimizer {
  final double lr;
  final double beta1;
  final double beta2;
  final double eps;
  final double weightDecay;
  private final List<Tensor> m;
  private final List<Tensor> v;

  public Adam(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0);
  }

  public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    super(params);
    String who = getClass().getSimpleName();
    this.lr = requireNonNegative(who, "lr", lr);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(who + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = requireNonNegative(who, "eps", eps);
    this.weightDecay = requireNonNegative(who, "weight decay", weightDecay);
    this.m = zerosLikeParams();
    this.v = zerosLikeParams();
  }

  /** The gradient that enters the moments (Adam adds L2 decay here; AdamW does not). */
  Tensor effectiveGradient(Tensor p, Tensor grad) {
    return weightDecay == 0 ? grad : grad.add(p.mul(weightDecay));
  }

  @Override
  protected void update(int i, Tensor p, Tensor grad, long t) {
    Tensor g = effectiveGradient(p, grad);
    Tensor mi = m.get(i);
    Tensor vi = v.get(i);
    mi.assign(mi.mul(beta1).add(g.mul(1 - beta1)));
    vi.assign(vi.mul(beta2).add(g.square().mul(1 - beta2)));
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    // θ − η/c1 · m / (√v / √c2 + ε): the bias corrections are host scalars, not tensor ops.
    Tensor denom = vi.sqrt().div(Math.sqrt(c2)).add(eps);
    p.assign(decayed(p).sub(mi.div(denom).mul(lr / c1)));
  }

  /** The parameter before the Adam step (AdamW shrinks it here). */
  Tensor decayed(Tensor p) {
    return p;
  }
}
