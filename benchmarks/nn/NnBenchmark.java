import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import java.util.Arrays;
import java.util.Locale;

/**
 * One training step of the Fashion-MNIST MLP (784-256-128-10, ReLU, batch 128, FLOAT32):
 * forward, softmax cross-entropy, backward and an Adam update, in a scope, on the CPU. Prints
 * {@code name<TAB>median_ms<TAB>min_ms} per phase; run by run.sh beside the same step in PyTorch.
 * With {@code --phases} it also times forward, backward and the optimizer step separately.
 */
public class NnBenchmark {
  static final int BATCH = 128;

  interface Step {
    void run();
  }

  static void time(String name, int warmup, int reps, Step w) {
    for (int i = 0; i < warmup; i++) {
      w.run();
    }
    awaitSimdKernels(Device.cpu(), w);
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      w.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%s\t%.3f\t%.3f%n", name, ms[reps / 2], ms[0]);
  }

  /**
   * The CPU compiles its SIMD kernels on a background thread once a loop has asked for them;
   * until they are ready that thread competes for the cores and the scalar loops run. Keep
   * running the step until no kernel is compiling (at most 60 s), so that the steady state is timed.
   */
  static void awaitSimdKernels(Device cpu, Step w) {
    long until = System.nanoTime() + 60_000_000_000L;
    while (cpu.description().matches(".*\\b[1-9]\\d* compiling\\).*") && System.nanoTime() < until) {
      w.run();
    }
  }

  public static void main(String[] args) {
    Device cpu = Device.cpu();
    System.err.println("fluxion cpu: " + cpu.description());
    DType f = DType.FLOAT32;
    Sequential mlp = new Sequential(new Linear(784, 256, 1, f, cpu), new ReLU(), new Linear(256, 128, 2, f, cpu),
        new ReLU(), new Linear(128, 10, 3, f, cpu));
    Adam opt = new Adam(mlp.parameters(), 1e-3);
    Tensor x = Tensor.rand(Rng.of(7), f, cpu, BATCH, 784).detach();
    long[] labels = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = (i * 7) % 10;
    }
    Tensor y = Tensor.from(labels, BATCH);
    // 32 different random batches in turn: the loss stays near log 10 and the gradients keep a
    // realistic size. On one repeated batch the MLP memorises it within a few hundred steps, its
    // gradients shrink until g² underflows to float denormals, and the float Adam update then runs
    // on the CPU's slow denormal path (measured 5.2 ms instead of 0.9 ms): timed too, as a second row.
    int batches = 32;
    Tensor[] xs = new Tensor[batches];
    Tensor[] ys = new Tensor[batches];
    java.util.Random random = new java.util.Random(11);
    for (int b = 0; b < batches; b++) {
      xs[b] = Tensor.rand(Rng.of(100 + b), f, cpu, BATCH, 784).detach();
      long[] l = new long[BATCH];
      for (int i = 0; i < BATCH; i++) {
        l[i] = random.nextInt(10);
      }
      ys[b] = Tensor.from(l, BATCH);
    }
    int[] next = {0};
    time("mlp step (fwd+bwd+adam)", 100, 300, () -> {
      int b = next[0]++ % batches;
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(mlp.forward(xs[b]), ys[b]);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
    });
    Sequential mlp2 = new Sequential(new Linear(784, 256, 1, f, cpu), new ReLU(), new Linear(256, 128, 2, f, cpu),
        new ReLU(), new Linear(128, 10, 3, f, cpu));
    Adam opt2 = new Adam(mlp2.parameters(), 1e-3);
    time("mlp step, one repeated batch", 100, 300, () -> {
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(mlp2.forward(x), y);
        opt2.zeroGrad();
        loss.backward();
        opt2.step();
      }
    });
    if (args.length > 0 && args[0].equals("--phases")) {
      time("  forward + loss", 50, 200, () -> {
        try (Scope s = Tensor.scope()) {
          Autodiff.noGrad(() -> Losses.crossEntropy(mlp.forward(x), y));
        }
      });
      time("  forward + loss + backward", 50, 200, () -> {
        try (Scope s = Tensor.scope()) {
          opt.zeroGrad();
          Losses.crossEntropy(mlp.forward(x), y).backward();
        }
      });
      time("  adam step", 50, 200, opt::step);
    }
  }
}
