import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Jit;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.Trainer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Autodiff.jit against its peers, in one run (run.sh prints the ratios): prints
 * {@code name<TAB>median<TAB>min<TAB>unit[<TAB>launches per call]} rows.
 * Usage: JitBenchmark (sweep|mlp|overhead|readme) device [points]
 */
public class JitBenchmark {
  interface Work {
    void run();
  }

  static double[] time(int warmup, int reps, Work w, Device d) {
    for (int i = 0; i < warmup; i++) {
      w.run();
    }
    d.synchronize();
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      w.run();
      d.synchronize();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[reps / 2], ms[0]};
  }

  /** Times a and b alternately, call by call, so that both see the same load; returns {median a, min a, median b, min b}. */
  static double[][] timePair(int warmup, int reps, Work a, Work b, Device d) {
    for (int i = 0; i < warmup; i++) {
      a.run();
      b.run();
    }
    d.synchronize();
    double[] ta = new double[reps];
    double[] tb = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      a.run();
      d.synchronize();
      long t1 = System.nanoTime();
      b.run();
      d.synchronize();
      ta[i] = (t1 - t0) / 1e6;
      tb[i] = (System.nanoTime() - t1) / 1e6;
    }
    Arrays.sort(ta);
    Arrays.sort(tb);
    return new double[][] {{ta[reps / 2], ta[0]}, {tb[reps / 2], tb[0]}};
  }

  static long launches(Work w, Device d) {
    d.synchronize();
    long before = d.stats().kernelLaunches();
    w.run();
    d.synchronize();
    return d.stats().kernelLaunches() - before;
  }

  static void row(String name, double[] t, String unit, long launches) {
    System.out.printf(Locale.ROOT, "%s\t%.4f\t%.4f\t%s\t%d%n", name, t[0], t[1], unit, launches);
  }

  /** The README's sweep formula. */
  static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    return inner.mul(x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt());
  }

  static Tensor[] sweep(Tensor[] x) {
    Autodiff.Vjp r = Autodiff.vjp(JitBenchmark::formula, x[0]);
    return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
  }

  static void sweeps(Device d, int n, int reps) {
    Tensor x = Tensor.linspace(DType.FLOAT64, d, 1, 10, n).detach();
    Fused fused = Fused.of("sweep", 1, JitBenchmark::sweep);
    Jit jit = Autodiff.jitN(JitBenchmark::sweep);
    Work fusedRun = () -> {
      try (Scope s = Tensor.scope()) {
        fused.apply(x);
      }
    };
    Work jitRun = () -> {
      try (Scope s = Tensor.scope()) {
        jit.apply(new Tensor[] {x});
      }
    };
    Work eagerRun = () -> {
      try (Scope s = Tensor.scope()) {
        sweep(new Tensor[] {x});
      }
    };
    double[][] t = timePair(3, reps, fusedRun, jitRun, d);
    double[] te = time(3, reps, eagerRun, d);
    row("sweep " + n + " hand-written Fused", t[0], "ms", launches(fusedRun, d));
    row("sweep " + n + " eager code under jit", t[1], "ms", launches(jitRun, d));
    row("sweep " + n + " eager", te, "ms", launches(eagerRun, d));
    System.err.println("jit plan of the sweep:\n" + jit.describePlan());
  }

  static Module mlp(Device d) {
    DType f = DType.FLOAT32;
    return new Sequential(new Linear(784, 256, 1, f, d), new ReLU(), new Linear(256, 128, 2, f, d), new ReLU(),
        new Linear(128, 10, 3, f, d));
  }

  static void mlpSteps(Device d, int reps) {
    int batch = 128;
    int batches = 32;
    Tensor[] xs = new Tensor[batches];
    Tensor[] ys = new Tensor[batches];
    java.util.Random random = new java.util.Random(11);
    for (int b = 0; b < batches; b++) {
      xs[b] = Tensor.rand(Rng.of(100 + b), DType.FLOAT32, d, batch, 784).detach();
      long[] l = new long[batch];
      for (int i = 0; i < batch; i++) {
        l[i] = random.nextInt(10);
      }
      ys[b] = Tensor.from(l, batch).to(d);
    }
    Module eagerNet = mlp(d);
    Adam eagerOpt = new Adam(eagerNet.parameters(), 1e-3);
    Module compiledNet = mlp(d);
    Trainer.CompiledStep step = Trainer.compile(compiledNet, Losses::crossEntropy, new Adam(compiledNet.parameters(), 1e-3));
    int[] next = {0, 0};
    Work eager = () -> {
      int b = next[0]++ % batches;
      try (Scope s = Tensor.scope()) {
        Trainer.eagerStep(eagerNet, Losses::crossEntropy, eagerOpt, xs[b], ys[b]);
      }
    };
    Work compiled = () -> {
      int b = next[1]++ % batches;
      try (Scope s = Tensor.scope()) {
        step.apply(xs[b], ys[b]);
      }
    };
    int warm = d == Device.cpu() ? 100 : 10;
    double[][] t = timePair(warm, reps, eager, compiled, d);
    row("mlp step eager", t[0], "ms", launches(eager, d));
    row("mlp step compiled", t[1], "ms", launches(compiled, d));
    System.err.println("compiled step: " + step.compiled().describePlan().lines().findFirst().orElse(""));
  }

  /** 100 ops on small tensors: 10 blocks of a 16x16 matmul and 9 elementwise ops. */
  static Tensor hundredOps(Tensor x, Tensor w) {
    Tensor h = x;
    for (int i = 0; i < 10; i++) {
      h = h.matmul(w).tanh().mul(0.5).add(h).sin().mul(h).sub(0.25).exp().div(h.square().add(1)).neg();
    }
    return h;
  }

  static void overhead(Device d, int reps) {
    Tensor x = Tensor.rand(Rng.of(1), DType.FLOAT32, d, 16, 16).detach();
    Tensor w = Tensor.rand(Rng.of(2), DType.FLOAT32, d, 16, 16).mul(0.1).detach();
    Autodiff.Jit2 jit = Autodiff.jit(JitBenchmark::hundredOps);
    Work eager = () -> {
      try (Scope s = Tensor.scope()) {
        hundredOps(x, w);
      }
    };
    Work compiled = () -> {
      try (Scope s = Tensor.scope()) {
        jit.apply(x, w);
      }
    };
    double[][] t = timePair(200, reps, eager, compiled, d);
    row("100-op function eager", new double[] {t[0][0] * 1000, t[0][1] * 1000}, "us", launches(eager, d));
    row("100-op function compiled", new double[] {t[1][0] * 1000, t[1][1] * 1000}, "us", launches(compiled, d));
  }

  /** The README's jit example: the gradient of Σ sin(x)·eˣ at a million points, eager and compiled. */
  static void readme(Device d, int n, int reps) {
    java.util.function.Function<Tensor, Tensor> f = x -> x.sin().mul(x.exp()).sum();
    java.util.function.Function<Tensor, Tensor> eager = Autodiff.grad(f);
    java.util.function.Function<Tensor, Tensor> compiled = Autodiff.jit(Autodiff.grad(f));
    Tensor x = Tensor.linspace(DType.FLOAT64, d, 0, 1, n).detach();
    Work e = () -> {
      try (Scope s = Tensor.scope()) {
        eager.apply(x);
      }
    };
    Work c = () -> {
      try (Scope s = Tensor.scope()) {
        compiled.apply(x);
      }
    };
    double[][] t = timePair(5, reps, e, c, d);
    row("readme grad eager " + n, t[0], "ms", launches(e, d));
    row("readme grad compiled " + n, t[1], "ms", launches(c, d));
  }

  public static void main(String[] args) {
    String what = args[0];
    Device d = Device.of(args[1]);
    System.err.println("device: " + d.description());
    switch (what) {
      case "sweep" -> sweeps(d, args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000, d == Device.cpu() ? 30 : 10);
      case "mlp" -> mlpSteps(d, d == Device.cpu() ? 300 : 30);
      case "overhead" -> overhead(d, 2000);
      case "readme" -> readme(d, args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000, 50);
      default -> throw new IllegalArgumentException("sweep, mlp or overhead, got " + what);
    }
  }
}
