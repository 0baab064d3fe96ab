import dev.fluxion.DType;
import dev.fluxion.Autodiff;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The core-engine workloads, timed in this JVM: the derivative sweep of
 * exp(atan(82x³+log x))·sqrt(25x^(1/22930)+39e^(2/x)−sin x) (forward + backward) and a
 * 1024×1024 FLOAT32 matmul forward + backward. Prints one line per workload:
 * {@code name<TAB>median_ms<TAB>min_ms}. Run by run.sh beside the same workloads in PyTorch.
 */
public class CoreBenchmark {
  static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    Tensor root = x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt();
    return inner.mul(root);
  }

  interface Workload {
    void run();
  }

  /** Warm-up runs: at least {@code warmup} of them and at least {@link #WARMUP_SECONDS} seconds. */
  static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmup.seconds", "8"));

  static void time(String name, int warmup, int reps, Workload w) {
    long until = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
    for (int i = 0; i < warmup || System.nanoTime() < until; i++) {
      w.run();
    }
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
   * With -Dfluxion.cpu.simd.warmup=eager a background thread compiles every SIMD kernel at start;
   * it competes for the cores, so the timing starts when it is done (at most 90 s).
   */
  static void awaitSimdKernels(Device cpu) {
    long until = System.nanoTime() + 90_000_000_000L;
    while (cpu.description().matches(".*\\b[1-9]\\d* compiling\\).*") && System.nanoTime() < until) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public static void main(String[] args) {
    Device cpu = Device.cpu();
    awaitSimdKernels(cpu);
    System.err.println("fluxion cpu: " + cpu.description());
    Fused fused = Fused.of("sweep", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(CoreBenchmark::formula, t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      for (int n : new int[] {1_000_000, 10_000_000}) {
        time("sweep " + t.numpyName() + " n=" + n, 3, 7, () -> {
          try (Scope s = Tensor.scope()) {
            Tensor x = Tensor.linspace(t, cpu, 1, 10, n);
            formula(x).backward();
            x.grad();
          }
        });
        // The same workload as one fused pass (fluxion sweep --fused); PyTorch's row is its eager sweep.
        time("sweep " + t.numpyName() + " n=" + n + " fused", 3, 7, () -> {
          try (Scope s = Tensor.scope()) {
            fused.apply(Tensor.linspace(t, cpu, 1, 10, n).detach());
          }
        });
      }
    }
    Tensor a = Tensor.randn(Rng.of(1), DType.FLOAT32, cpu, 1024, 1024);
    Tensor b = Tensor.randn(Rng.of(2), DType.FLOAT32, cpu, 1024, 1024);
    time("matmul float32 1024 fwd+bwd", 3, 9, () -> {
      try (Scope s = Tensor.scope()) {
        a.zeroGrad();
        b.zeroGrad();
        a.matmul(b).backward();
      }
    });
  }
}
