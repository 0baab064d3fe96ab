package dev.fluxion.nn;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.HostTransfer;
import dev.fluxion.Jit;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Training steps: {@link #compile} turns one PyTorch-style step — forward, loss,
 * {@code backward()}, the optimizer's in-place update and {@code zeroGrad} — into a compiled
 * plan ({@link Autodiff#jitN}) replayed for every batch.
 *
 * <pre>{@code
 * BiFunction<Tensor, Tensor, Tensor> step = Trainer.compile(model, Losses::crossEntropy, new Adam(model.parameters(), 1e-3));
 * for (Batch b : loader) {
 *   double loss = step.apply(b.x(), b.y()).item();
 * }
 * }</pre>
 */
public final class Trainer {
  private Trainer() {}

  /**
   * A step {@code (x, y) → loss} equal to the eager step
   * {@code zeroGrad(); loss = lossFn(model.forward(x), y); loss.backward(); optimizer.step()}
   * (which {@link #eagerStep} is), compiled: the first batch of each shape traces the step (its
   * results are the eager ones), later batches of that shape replay the plan. A last partial
   * batch has another shape, so it traces once more (the plans of up to
   * {@value Jit#DEFAULT_CACHE_SIZE} batch shapes are kept). The optimizer's values that change from
   * step to step (Adam's bias corrections) are inputs of the plan, and its step count goes on
   * as in eager training. The parameters' gradients are cleared after each compiled step.
   *
   * <p>Like an optimizer, make the step outside any {@link dev.fluxion.Tensor#scope()} (it keeps
   * a few scalars from step to step). The step runs eagerly, and says so in {@link CompiledStep#isCompiled()}, when the model
   * draws random numbers in its forward (dropout in training mode: a plan would replay the same
   * mask) or when the parameters do not share one dtype and device.
   */
  public static CompiledStep compile(Module model, BiFunction<Tensor, Tensor, Tensor> lossFn, Optimizer optimizer) {
    return new CompiledStep(model, lossFn, optimizer);
  }

  /** One eager step: {@code zeroGrad}, forward, loss, {@code backward()}, the optimizer's step; returns the loss. */
  public static Tensor eagerStep(Module model, BiFunction<Tensor, Tensor, Tensor> lossFn, Optimizer optimizer, Tensor x,
      Tensor y) {
    optimizer.zeroGrad();
    Tensor loss = lossFn.apply(model.forward(x), y);
    loss.backward();
    optimizer.step();
    return loss;
  }

  /** A compiled training step (see {@link Trainer#compile}). */
  public static final class CompiledStep implements BiFunction<Tensor, Tensor, Tensor> {
    private final Module model;
    private final BiFunction<Tensor, Tensor, Tensor> lossFn;
    private final Optimizer optimizer;
    private final Jit jit;
    /** The optimizer's per-step values, written from the host before each step (kept from step to step). */
    private final Tensor[] perStep;

    CompiledStep(Module model, BiFunction<Tensor, Tensor, Tensor> lossFn, Optimizer optimizer) {
      this.model = model;
      this.lossFn = lossFn;
      this.optimizer = optimizer;
      Tensor p = optimizer.params.get(0);
      perStep = new Tensor[optimizer.perStepValues(1).length];
      for (int k = 0; k < perStep.length; k++) {
        perStep[k] = Tensor.from(new double[] {0}, p.dtype(), p.device(), true);
      }
      this.jit = Autodiff.jitN(in -> {
        optimizer.zeroGrad();
        Tensor loss = lossFn.apply(model.forward(in[0]), in[1]);
        loss.backward();
        optimizer.stepWith(Arrays.copyOfRange(in, 2, in.length));
        optimizer.zeroGrad();
        return new Tensor[] {loss.detach()};
      });
    }

    /** Whether steps are compiled (false: they run eagerly, see {@link Trainer#compile}). */
    public boolean isCompiled() {
      List<Tensor> params = optimizer.params;
      for (Tensor p : params) {
        if (p.dtype() != params.get(0).dtype() || p.device() != params.get(0).device()) {
          return false;
        }
      }
      return !model.drawsRandomNumbers();
    }

    /** The compiled function (its traces, cache and plan). */
    public Jit compiled() {
      return jit;
    }

    /** Runs one step on a batch and returns its loss (a 0-d tensor). */
    @Override
    public Tensor apply(Tensor x, Tensor y) {
      if (!isCompiled()) {
        return eagerStep(model, lossFn, optimizer, x, y);
      }
      long before = optimizer.steps();
      Tensor[] values = perStepTensors(before + 1);
      Tensor[] in = new Tensor[2 + values.length];
      in[0] = x;
      in[1] = y;
      System.arraycopy(values, 0, in, 2, values.length);
      Tensor loss = jit.apply(in)[0];
      if (optimizer.steps() == before) {
        optimizer.countReplayedStep(); // a replay: the plan made the step
      }
      return loss;
    }

    /** The optimizer's per-step values written into tensors kept from step to step. */
    private Tensor[] perStepTensors(long t) {
      double[] v = optimizer.perStepValues(t);
      Tensor p = optimizer.params.get(0);
      for (int k = 0; k < v.length; k++) {
        Object one = p.dtype() == DType.FLOAT32 ? new float[] {(float) v[k]} : new double[] {v[k]};
        HostTransfer.write(one, 0, 1, perStep[k]);
      }
      return perStep;
    }
  }
}
