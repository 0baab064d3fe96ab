package dev.fluxion.cli.train;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;

/**
 * The training loop of {@code fluxion train}: epochs of scoped steps, then a test evaluation. The
 * steps are compiled ({@link dev.fluxion.nn.Trainer#compile}: forward, backward and the update
 * replayed as one plan per batch shape) unless the trainer is made eager.
 */
public final class Trainer {
  /** Told about every step (for the progress bar). */
  public interface Listener {
    void step(int epoch, int batch, int batches, double runningLoss, long samples, long nanos);

    void epoch(int epoch, double meanLoss, double testAccuracy, long nanos);
  }

  private final Module model;
  private final Optimizer optimizer;
  private final DType dtype;
  private final Device device;
  /** The compiled step, or null for eager steps. */
  private final dev.fluxion.nn.Trainer.CompiledStep compiled;

  /** A trainer with compiled steps. */
  public Trainer(Module model, Optimizer optimizer, DType dtype, Device device) {
    this(model, optimizer, dtype, device, false);
  }

  /** A trainer with eager steps (the loop as written by hand) when {@code eager}, else compiled ones. */
  public Trainer(Module model, Optimizer optimizer, DType dtype, Device device, boolean eager) {
    this.model = model;
    this.optimizer = optimizer;
    this.dtype = dtype;
    this.device = device;
    this.compiled = eager ? null : dev.fluxion.nn.Trainer.compile(model, Losses::crossEntropy, optimizer);
  }

  /** One training step on a batch; returns its loss. */
  private Tensor step(Batch b) {
    if (compiled != null) {
      return compiled.apply(b.x(), b.y());
    }
    Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    return loss;
  }

  /** Mean training loss and test accuracy per epoch. */
  public record History(double[] loss, double[] accuracy) {}

  public History fit(Dataset train, Dataset test, int epochs, int batchSize, long seed, Listener listener) {
    DataLoader loader = new DataLoader(train, batchSize, seed, dtype, device);
    double[] losses = new double[epochs];
    double[] accuracies = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      long t0 = System.nanoTime();
      double sum = 0;
      long samples = 0;
      int k = 0;
      for (Batch b : loader) {
        try (Scope scope = Tensor.scope()) {
          sum += step(b).item() * b.size();
        }
        samples += b.size();
        k++;
        listener.step(e, k, loader.batches(), sum / samples, samples, System.nanoTime() - t0);
      }
      losses[e] = sum / samples;
      accuracies[e] = accuracy(test);
      listener.epoch(e, losses[e], accuracies[e], System.nanoTime() - t0);
    }
    return new History(losses, accuracies);
  }

  /** The fraction of a data set classified correctly (evaluation mode, nothing recorded). */
  public double accuracy(Dataset data) {
    model.eval();
    long correct = 0;
    try {
      for (Batch b : DataLoader.sequential(data, 1000, dtype, device)) {
        try (Scope scope = Tensor.scope()) {
          Tensor logits = Autodiff.noGrad(() -> model.forward(b.x()));
          correct += Math.round(Losses.accuracy(logits, b.y()).item() * b.size());
        }
      }
    } finally {
      model.train();
    }
    return (double) correct / data.size();
  }
}
