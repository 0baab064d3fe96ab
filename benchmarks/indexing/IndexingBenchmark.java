import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * What each indexing op and a custom derivative rule cost on the CPU, timed in this JVM: one line
 * per workload, {@code name<TAB>median_ms<TAB>min_ms}. run.sh times the same workloads in PyTorch
 * (indexing_torch.py) and prints the ratios. Sizes: a 50000×64 FLOAT32 table with 100000 row
 * indices (an embedding), 10⁶-element FLOAT64 vectors, 1000×1000 FLOAT64 matrices.
 */
public class IndexingBenchmark {
  interface Workload {
    void run();
  }

  static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmup.seconds", "3"));

  static void time(String name, int reps, Workload w) {
    long until = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
    for (int i = 0; i < 3 || System.nanoTime() < until; i++) {
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

  /** Runs {@code body} in a scope, so that every tensor it makes is freed at once. */
  static Workload scoped(Function<Scope, Object> body) {
    return () -> {
      try (Scope s = Tensor.scope()) {
        body.apply(s);
      }
    };
  }

  static long[] randomIndices(Random r, int count, int n) {
    long[] idx = new long[count];
    for (int i = 0; i < count; i++) {
      idx[i] = r.nextInt(n);
    }
    return idx;
  }

  static double[] gaussian(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  static float[] gaussianFloats(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  public static void main(String[] args) {
    Device cpu = Device.cpu();
    System.err.println("fluxion cpu: " + cpu.description());
    Random r = new Random(1);
    int rows = 50_000;
    int width = 64;
    int picks = 100_000;
    int n = 1_000_000;
    Tensor table = Tensor.from(gaussianFloats(r, rows * width), DType.FLOAT32, cpu, false, rows, width);
    Tensor rowIdx = Tensor.from(randomIndices(r, picks, rows), picks);
    Tensor rowSrc = Tensor.from(gaussianFloats(r, picks * width), DType.FLOAT32, cpu, true, picks, width);
    Tensor v = Tensor.from(gaussian(r, n), n).detach();
    Tensor vIdx = Tensor.from(randomIndices(r, n, n), n);
    Tensor bins = Tensor.from(randomIndices(r, n, 1000), n);
    Tensor m = Tensor.from(gaussian(r, 1000 * 1000), 1000, 1000).detach();
    Tensor along = Tensor.from(randomIndices(r, 1000 * 100, 1000), 1000, 100);
    Tensor alongSrc = Tensor.from(gaussian(r, 1000 * 100), 1000, 100).detach();
    long[] perm = new long[rows];
    for (int i = 0; i < rows; i++) {
      perm[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    Tensor unique = Tensor.from(Arrays.copyOf(perm, 1000), 1000);
    Tensor newRows = Tensor.from(gaussianFloats(r, 1000 * width), DType.FLOAT32, cpu, true, 1000, width).detach();
    Tensor frozen = table.detach();
    Tensor row = Tensor.from(gaussian(r, 1000), 1000).detach();
    Function<Tensor, Tensor> log1pexp = Autodiff.customVjp(x -> x.relu().add(x.abs().neg().exp().log1p()),
        (x, ct) -> ct.mul(x.sigmoid()));
    Tensor points = Tensor.linspace(-20, 20, n);

    time("take rows 50000x64 f32, 100000 indices", 9, scoped(s -> frozen.take(0, rowIdx)));
    time("take 1-d f64 n=1e6", 9, scoped(s -> v.take(0, vIdx)));
    time("takeAlongAxis 1000x1000 f64, 1000x100", 9, scoped(s -> m.takeAlongAxis(1, along)));
    time("scatterAdd 1000x1000 f64, 1000x100", 9, scoped(s -> m.scatterAdd(1, along, alongSrc)));
    time("indexAdd rows 50000x64 f32, 100000 indices", 9, scoped(s -> frozen.indexAdd(0, rowIdx, rowSrc.detach())));
    time("indexAdd 1-d 1000 bins, 1e6 values", 9, scoped(s -> Tensor.zeros(1000).indexAdd(0, bins, v)));
    time("mask 1-d f64 n=1e6 (x[x > 0])", 9, scoped(s -> v.mask(v.gt(0.0))));
    time("set rows 50000x64 f32, 1000 rows", 9, scoped(s -> frozen.set(unique, newRows)));
    time("set slice 1000x1000 f64 [:, ::2] = 0", 9, scoped(s -> m.set(1, 0, 1000, 2, Tensor.of(0.0).detach())));
    time("set index 1000x1000 f64 [5] = row", 9, scoped(s -> m.set(new long[] {5}, row)));
    time("take rows fwd+bwd (embedding) 50000x64 f32", 9, scoped(s -> {
      table.zeroGrad();
      table.take(0, rowIdx).sum().backward();
      return table.grad();
    }));
    time("customVjp log1pexp grad n=1e6 f64", 9, scoped(s -> {
      points.zeroGrad();
      log1pexp.apply(points).sum().backward();
      return points.grad();
    }));
  }
}
