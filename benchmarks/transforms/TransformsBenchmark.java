import dev.fluxion.Autodiff;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The cost of the function transforms, as ratios measured in one run (absolute times on shared
 * machines are noise):
 * <ul>
 *   <li>cheap-gradient principle: {@code grad(f)} against one evaluation of {@code f}, for
 *       f: R^1000 → R made of about 20 primitives (target ≤ 5×);
 *   <li>{@code jacfwd} of F: R^100 → R^100 against 100 separate {@code jvp} calls (one per
 *       basis tangent), and {@code jacrev} against 100 separate {@code vjp} calls (each with its
 *       own forward pass) and against one {@code vjp} whose pullback is called 100 times
 *       (target: the batched transform is faster).
 * </ul>
 * Each figure is the median of repeated runs after warm-up; kernel launches per call are
 * printed beside, since at these sizes the cost is mostly per-op overhead.
 *
 * <pre>
 * ./fluxion --version    # builds cli/target/fluxion.jar
 * java --add-modules jdk.incubator.vector -cp cli/target/fluxion.jar benchmarks/transforms/TransformsBenchmark.java
 * </pre>
 */
public class TransformsBenchmark {
  /** f: R^n → R, 21 primitives: elementwise math, a few binary ops and a reduction. */
  static Tensor scalarFunction(Tensor x) {
    Tensor y = x.mul(0.01);
    Tensor a = y.sin().mul(y.cos());
    Tensor b = a.tanh().add(y.square());
    Tensor c = b.exp().log1p().mul(x.sigmoid());
    Tensor d = c.sub(y.atan()).div(y.square().add(1.0));
    return d.abs().add(1.0).sqrt().sum();
  }

  /** F: R^100 → R^100 around a matrix product. */
  static Function<Tensor, Tensor> vectorFunction(Tensor w) {
    return x -> w.matmul(x.sin().mul(x)).tanh().mul(x.cos()).add(x.square().mul(0.5));
  }

  interface Workload {
    void run();
  }

  /** Median milliseconds of {@code reps} runs after {@code warmup} runs (each inside a scope). */
  static double median(int warmup, int reps, Workload w) {
    for (int i = 0; i < warmup; i++) {
      scoped(w);
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      scoped(w);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[reps / 2];
  }

  static void scoped(Workload w) {
    try (Scope s = Tensor.scope()) {
      w.run();
    }
  }

  static long launches(Workload w) {
    Device d = Device.defaultDevice();
    d.resetStats();
    scoped(w);
    return d.stats().kernelLaunches();
  }

  static Tensor basis(int n, int k) {
    double[] e = new double[n];
    e[k] = 1;
    return Tensor.constant(e);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Device cpu = Device.cpu();
    System.out.println("device: " + cpu.description() + ", " + Runtime.getRuntime().availableProcessors() + " cores");

    int n = 1000;
    Tensor x = Tensor.randn(Rng.of(1), n).detach();
    Function<Tensor, Tensor> f = TransformsBenchmark::scalarFunction;
    Function<Tensor, Tensor> g = Autodiff.grad(f);
    Workload eval = () -> f.apply(x).item();
    Workload grad = () -> g.apply(x).toDoubleArray();
    System.out.printf(Locale.ROOT, "%nf: R^%d -> R, launches: f %d, grad(f) %d%n", n, launches(eval), launches(grad));
    for (int r = 0; r < rounds; r++) {
      double tf = median(300, 301, eval);
      double tg = median(300, 301, grad);
      System.out.printf(Locale.ROOT, "round %d: f %.4f ms, grad(f) %.4f ms, grad/f = %.2f  (target <= 5)%n", r + 1, tf, tg, tg / tf);
    }

    int m = 100;
    Tensor w = Tensor.randn(Rng.of(2), m, m).mul(0.1).detach();
    Tensor p = Tensor.randn(Rng.of(3), m).detach();
    Function<Tensor, Tensor> big = vectorFunction(w);
    Workload jacfwd = () -> Autodiff.jacfwd(big).apply(p).toDoubleArray();
    Workload jvps = () -> {
      for (int k = 0; k < m; k++) {
        Autodiff.jvp(big, p, basis(m, k))[1].toDoubleArray();
      }
    };
    Workload jacrev = () -> Autodiff.jacrev(big).apply(p).toDoubleArray();
    Workload vjps = () -> {
      for (int k = 0; k < m; k++) {
        Autodiff.vjp(big, p).pullback().apply(basis(m, k)).toDoubleArray();
      }
    };
    Workload pullbacks = () -> {
      Autodiff.Vjp v = Autodiff.vjp(big, p);
      for (int k = 0; k < m; k++) {
        v.pullback().apply(basis(m, k)).toDoubleArray();
      }
    };
    System.out.printf(Locale.ROOT, "%nF: R^%d -> R^%d, launches: jacfwd %d, %d jvps %d, jacrev %d, %d vjps %d, 1 vjp + %d pullbacks %d%n",
        m, m, launches(jacfwd), m, launches(jvps), launches(jacrev), m, launches(vjps), m, launches(pullbacks));
    for (int r = 0; r < rounds; r++) {
      double tjf = median(20, 21, jacfwd);
      double tjv = median(3, 5, jvps);
      double tjr = median(20, 21, jacrev);
      double tvj = median(3, 5, vjps);
      double tpb = median(3, 5, pullbacks);
      System.out.printf(Locale.ROOT, "round %d: jacfwd %.3f ms vs %d jvps %.3f ms (%.1fx faster); "
          + "jacrev %.3f ms vs %d vjps %.3f ms (%.1fx faster), vs 1 vjp + %d pullbacks %.3f ms (%.1fx faster)%n",
          r + 1, tjf, m, tjv, tjv / tjf, tjr, m, tvj, tvj / tjr, m, tpb, tpb / tjr);
    }
  }
}
