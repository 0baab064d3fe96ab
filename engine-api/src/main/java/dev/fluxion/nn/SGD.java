package dev.fluxion.nn;

import dev.fluxion.Fused;
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

  /** θ ← θ − η·(g + λθ): inputs θ, g, η, λ. */
  private static final Fused PLAIN = Fused.of("sgd", 4, t -> new Tensor[] {
      t[0].sub(t[2].mul(t[1].add(t[3].mul(t[0]))))});

  /** With momentum μ: b ← μb + (g + λθ), θ ← θ − η·b; inputs θ, g, b, η, λ, μ; results θ, b. */
  private static final Fused MOMENTUM = Fused.of("sgd-momentum", 6, t -> {
    Tensor b = t[5].mul(t[2]).add(t[1].add(t[4].mul(t[0])));
    return new Tensor[] {t[0].sub(t[3].mul(b)), b};
  });

  /** Nesterov: b ← μb + g', θ ← θ − η·(g' + μb) with g' = g + λθ; inputs and results as above. */
  private static final Fused NESTEROV = Fused.of("sgd-nesterov", 6, t -> {
    Tensor g = t[1].add(t[4].mul(t[0]));
    Tensor b = t[5].mul(t[2]).add(g);
    return new Tensor[] {t[0].sub(t[3].mul(g.add(t[5].mul(b)))), b};
  });

  @Override
  protected List<Tensor> state(int i) {
    return buffers == null ? List.of() : List.of(buffers.get(i));
  }

  @Override
  protected void update(int i, Tensor p, Tensor grad, long t) {
    Tensor lrT = Tensor.scalar(lr, p.dtype(), p.device());
    Tensor decay = Tensor.scalar(weightDecay, p.dtype(), p.device());
    if (buffers == null) {
      PLAIN.assign(new Tensor[] {p}, p, grad, lrT, decay);
      return;
    }
    Tensor b = buffers.get(i);
    (nesterov ? NESTEROV : MOMENTUM).assign(new Tensor[] {p, b}, p, grad, b, lrT, decay,
        Tensor.scalar(momentum, p.dtype(), p.device()));
  }
}
