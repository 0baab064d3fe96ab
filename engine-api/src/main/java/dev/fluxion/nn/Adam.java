package dev.fluxion.nn;

import dev.fluxion.Fused;
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

  /**
   * One pass over θ, ∇θ, m and v (a {@link Fused} program): inputs θ, g, m, v, β₁, 1−β₁, β₂,
   * 1−β₂, η/(1−β₁ᵗ), √(1−β₂ᵗ), ε, λ (L2 term of the gradient) and the shrink factor of θ;
   * results θ, m, v.
   */
  private static final Fused STEP = Fused.of("adam", 13, Adam::step);

  private static Tensor[] step(Tensor[] t) {
    Tensor p = t[0];
    Tensor g = t[1].add(t[11].mul(p));
    Tensor m = t[4].mul(t[2]).add(t[5].mul(g));
    Tensor v = t[6].mul(t[3]).add(t[7].mul(g.square()));
    Tensor denom = v.sqrt().div(t[9]).add(t[10]);
    return new Tensor[] {t[12].mul(p).sub(t[8].mul(m.div(denom))), m, v};
  }

  /** λ of the L2 term added to the gradient (Adam); AdamW decays θ instead. */
  double l2() {
    return weightDecay;
  }

  /** The factor θ is multiplied by before the step (AdamW: 1 − η·λ). */
  double shrink() {
    return 1;
  }

  @Override
  protected List<Tensor> state(int i) {
    return List.of(m.get(i), v.get(i));
  }

  /** η/(1 − β₁ᵗ) and √(1 − β₂ᵗ): the bias corrections, inputs of a compiled step. */
  @Override
  protected double[] perStepValues(long t) {
    return new double[] {lr / (1 - Math.pow(beta1, t)), Math.sqrt(1 - Math.pow(beta2, t))};
  }

  @Override
  protected void update(int i, Tensor p, Tensor grad, long t) {
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    Tensor mi = m.get(i);
    Tensor vi = v.get(i);
    STEP.assign(new Tensor[] {p, mi, vi}, p, grad, mi, vi, scalar(p, beta1), scalar(p, 1 - beta1),
        scalar(p, beta2), scalar(p, 1 - beta2), perStep(p, 0, lr / c1), perStep(p, 1, Math.sqrt(c2)), scalar(p, eps),
        scalar(p, l2()), scalar(p, shrink()));
  }

  private static Tensor scalar(Tensor like, double value) {
    return Tensor.scalar(value, like.dtype(), like.device());
  }
}
