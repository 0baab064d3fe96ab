package dev.fluxion.nn;

import dev.fluxion.Autodiff;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Updates parameters from their gradients. {@link #step()} runs as tensor ops on each
 * parameter's device and writes the result in place with {@link Tensor#assign} under
 * {@link Autodiff#noGrad} (nothing is copied to the host); its temporaries are freed before it
 * returns. State (momentum, moments) is allocated when the optimizer is made, so make it
 * outside any {@link Tensor#scope()} and after moving the model to its device:
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : batches) {
 *   try (Scope s = Tensor.scope()) {
 *     Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
 *     opt.zeroGrad();
 *     loss.backward();
 *     opt.step();
 *   }
 * }
 * }</pre>
 * Parameters without a gradient (not reached by the last backward) are left unchanged.
 */
public abstract class Optimizer {
  protected final List<Tensor> params;
  private long steps;

  protected Optimizer(List<Tensor> params) {
    if (params.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor p : params) {
      if (!p.isVariable() || !p.dtype().isFloating()) {
        throw new IllegalArgumentException(getClass().getSimpleName()
            + ": every parameter must be a floating leaf variable, got " + p.dtype().numpyName() + " of shape "
            + java.util.Arrays.toString(p.shape()) + (p.isVariable() ? "" : " that is not a variable"));
      }
      if (p.isClosed()) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter of shape "
            + java.util.Arrays.toString(p.shape()) + " is closed");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter of shape "
            + java.util.Arrays.toString(p.shape()) + " is listed twice");
      }
    }
    this.params = List.copyOf(params);
  }

  /** Number of completed {@link #step()} calls. */
  public final long steps() {
    return steps;
  }

  /**
   * Applies one update to every parameter that has a gradient. Every parameter, gradient and
   * piece of state is checked before any is written, so a step that throws for one of them
   * changes none (nor the step count).
   */
  public final void step() {
    check();
    long t = steps + 1;
    try (Scope scope = Tensor.scope()) {
      Autodiff.noGrad(() -> {
        for (int i = 0; i < params.size(); i++) {
          Tensor p = params.get(i);
          Tensor g = p.grad();
          if (g != null) {
            update(i, p, g.detach(), t);
          }
        }
        return null;
      });
    }
    steps = t;
  }

  private void check() {
    String who = getClass().getSimpleName() + ".step";
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      String which = "parameter " + i + " (shape " + java.util.Arrays.toString(p.shape()) + ", " + p.dtype().numpyName()
          + ", " + p.device().name() + ")";
      if (p.isClosed()) {
        throw new IllegalStateException(who + ": " + which + " was closed; a model moved with to() has new"
            + " parameters, so make the optimizer after moving it");
      }
      Tensor g = p.grad();
      if (g == null) {
        continue;
      }
      if (g.isClosed()) {
        throw new IllegalStateException(who + ": the gradient of " + which + " was closed");
      }
      if (!java.util.Arrays.equals(g.shape(), p.shape()) || g.dtype() != p.dtype() || g.device() != p.device()) {
        throw new IllegalArgumentException(who + ": the gradient of " + which + " has shape "
            + java.util.Arrays.toString(g.shape()) + ", " + g.dtype().numpyName() + ", " + g.device().name());
      }
      for (Tensor s : state(i)) {
        if (s.isClosed()) {
          throw new IllegalStateException(who + ": the optimizer's state of " + which + " was closed; make the"
              + " optimizer outside any Tensor.scope()");
        }
      }
    }
  }

  /** The state tensors of parameter {@code i} (checked by {@link #step()} before any update). */
  protected List<Tensor> state(int i) {
    return List.of();
  }

  /**
   * Writes the new value of parameter {@code i} (with {@link Tensor#assign}) and of its state.
   * Runs under {@code noGrad} inside a scope; {@code t} is the 1-based step number.
   */
  protected abstract void update(int i, Tensor param, Tensor grad, long t);

  /** Forgets the gradients of every parameter (call before each backward). */
  public final void zeroGrad() {
    params.forEach(Tensor::zeroGrad);
  }

  // ---- Compiled steps (issue 12): values that change from step to step are inputs of the plan ----

  private Tensor[] perStepInputs;

  /**
   * The values of step {@code t} that are computed on the host (Adam's bias corrections). A
   * compiled training step ({@link Trainer#compile}) passes them as inputs of its plan, since
   * anything else computed in Java is fixed when the step is traced. None by default.
   */
  protected double[] perStepValues(long t) {
    return new double[0];
  }

  /**
   * Value {@code k} of {@link #perStepValues} in {@link #update}: the compiled step's input, or
   * else {@code value} as a scalar of {@code like}'s dtype and device.
   */
  protected final Tensor perStep(Tensor like, int k, double value) {
    return perStepInputs != null ? perStepInputs[k] : Tensor.scalar(value, like.dtype(), like.device());
  }

  /** {@link #step()} reading the per-step values from tensors (traced by a compiled step). */
  final void stepWith(Tensor[] values) {
    perStepInputs = values;
    try {
      step();
    } finally {
      perStepInputs = null;
    }
  }

  /** Counts a step that a compiled plan made (the trace counted the first one itself). */
  final void countReplayedStep() {
    steps++;
  }

  // ---- end of compiled steps ----

  /** One zero tensor per parameter, of its shape, dtype and device (optimizer state). */
  protected final List<Tensor> zerosLikeParams() {
    List<Tensor> out = new ArrayList<>(params.size());
    for (Tensor p : params) {
      Tensor zeros = Tensor.zeros(p.dtype(), p.device(), p.shape());
      out.add(zeros.detach());
      zeros.close();
    }
    return out;
  }

  static double requireNonNegative(String who, String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(who + ": " + what + " must be a finite number >= 0, got " + v);
    }
    return v;
  }
}
