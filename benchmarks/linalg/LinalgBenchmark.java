import dev.fluxion.Device;
import dev.fluxion.Linalg;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * The Linalg ops on the CPU, FLOAT64, forward only (plus one forward + backward row), for a batch
 * of small matrices and for one larger matrix. Prints {@code name<TAB>median_ms<TAB>min_ms} per
 * workload; run.sh runs it beside linalg_torch.py (the same workloads in PyTorch) and with each
 * LAPACK path ({@code -Dfluxion.cpu.lapack=native|java}).
 */
public class LinalgBenchmark {
  static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmup.seconds", "2"));

  /**
   * Batch sizes and orders: 1000 4×4, 100 16×16, one 256×256 (the same in linalg_torch.py), or
   * {@code -Dbench.sizes=50x32,20x64} (to compare the LAPACK paths around their crossover).
   */
  static final int[][] SIZES = sizes(System.getProperty("bench.sizes", "1000x4,100x16,1x256"));

  static int[][] sizes(String spec) {
    return Arrays.stream(spec.split(",")).map(s -> Arrays.stream(s.trim().split("x")).mapToInt(Integer::parseInt).toArray())
        .toArray(int[][]::new);
  }

  static void time(String name, int reps, Runnable w) {
    long until = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
    for (int i = 0; i < 5 || System.nanoTime() < until; i++) {
      w.run();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      w.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%s\t%.4f\t%.4f%n", name, ms[reps / 2], ms[0]);
  }

  /** (batch, n, n) with entries in [−1, 1) and n added on the diagonal: well conditioned, positive definite symmetric part. */
  static Tensor matrices(Random r, int batch, int n) {
    double[] d = new double[batch * n * n];
    for (int i = 0; i < d.length; i++) {
      d[i] = 2 * r.nextDouble() - 1;
    }
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < n; i++) {
        d[b * n * n + i * n + i] += n;
      }
    }
    return Tensor.from(d, batch, n, n).detach();
  }

  static void op(String name, int batch, int n, Function<Tensor, Tensor> f, Tensor a) {
    time(name + " " + batch + "x" + n + "x" + n, batch * n * n >= 65536 ? 15 : 31, () -> {
      try (Scope s = Tensor.scope()) {
        f.apply(a).toDoubleArray();
      }
    });
  }

  public static void main(String[] args) {
    System.err.println("fluxion cpu: " + Device.cpu().description());
    Random r = new Random(14);
    for (int[] size : SIZES) {
      int batch = size[0];
      int n = size[1];
      Tensor a = matrices(r, batch, n);
      Tensor spd = a.matmul(a.swapAxes(-1, -2)).detach();
      Tensor b = Tensor.from(new Random(15).doubles((long) batch * n).toArray(), batch, n, 1).detach();
      op("solve", batch, n, x -> Linalg.solve(x, b), a);
      op("inv", batch, n, Linalg::inv, a);
      op("det", batch, n, Linalg::det, a);
      op("slogdet", batch, n, x -> Linalg.slogdet(x)[1], a);
      op("cholesky", batch, n, Linalg::cholesky, spd);
      op("solveTriangular", batch, n, x -> Linalg.solveTriangular(x, b, true), a);
      Tensor v = a.asVariable();
      time("det fwd+bwd " + batch + "x" + n + "x" + n, 15, () -> {
        try (Scope s = Tensor.scope()) {
          v.zeroGrad();
          Linalg.det(v).sum().backward();
          v.grad().toDoubleArray();
        }
      });
    }
  }
}
