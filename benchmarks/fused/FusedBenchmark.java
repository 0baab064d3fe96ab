import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceStats;
import dev.fluxion.Fused;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.bench.Workloads;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The targets of fused programs on a device (OpenCL by default), measured in one run:
 * <ol>
 *   <li>the derivative sweep of {@code fluxion sweep}'s formula at N FLOAT32 points, fused
 *       ({@code sweep --fused}) against op by op (forward + {@code backward()}): launches, N-element
 *       buffers allocated, time and the ratio, and the fused program's compile time;
 *   <li>a fused {@code a·b + c} of 2^26 FLOAT32 elements against the device's copy of one tensor:
 *       bytes read + written per second of each, and the ratio;
 *   <li>launches of one Adam step per parameter tensor, and of one MLP training step (784-256-128-10,
 *       batch 128, FLOAT32: forward, cross-entropy, backward, Adam).
 * </ol>
 * The fused program runs on whichever path the device chose ({@code -Dfluxion.fused=interpreter}
 * forces the interpreter; the run prints the device's description, which names the path). Times
 * are medians of several runs after a warm-up, each followed by a synchronize. The load average is
 * printed before and after: the machine is shared, and only ratios within one run mean anything.
 *
 * <p>Usage: {@code java -cp cli/target/fluxion.jar benchmarks/fused/FusedBenchmark.java [device] [N]}
 * (see run.sh).
 */
public class FusedBenchmark {
  static final int RUNS = 5;

  public static void main(String[] args) {
    Device d = Device.of(args.length > 0 ? args[0] : "opencl");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    System.out.println("load before: " + load());
    System.out.println("device: " + d.name() + ": " + d.description());
    sweep(d, n);
    elementwise(d, 1 << 26);
    adam(d);
    mlp(d);
    System.out.println("device after: " + d.description());
    System.out.println("load after: " + load());
  }

  /** The sweep fused and op by op: launches, buffers, times, ratio. */
  static void sweep(Device d, int n) {
    DType f = DType.FLOAT32;
    Fused fused = Fused.of("sweep", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(Workloads::formula, t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    Runnable fusedSweep = () -> {
      try (Scope s = Tensor.scope()) {
        Tensor x = Tensor.linspace(f, d, 1, 10, n).detach();
        fused.apply(x);
      }
    };
    Runnable opByOp = () -> {
      try (Scope s = Tensor.scope()) {
        Tensor x = Tensor.linspace(f, d, 1, 10, n);
        Workloads.formula(x).backward();
      }
    };
    long bytes = 4L * n;
    long allocatedBefore = d.stats().allocatedBytes();
    String compilesBefore = compiles(d);
    d.resetStats();
    long t0 = System.nanoTime();
    fusedSweep.run();
    d.synchronize();
    double first = (System.nanoTime() - t0) / 1e9;
    DeviceStats s = d.stats();
    System.out.printf(Locale.ROOT, "sweep, fused, %d points: %d launches, %.1f N-element buffers allocated"
        + " (allocatedBytes %d -> %d), first run %.3f s (compiles before: %s; after: %s)%n", n, s.kernelLaunches(),
        (s.allocatedBytes() - allocatedBefore) / (double) bytes, allocatedBefore, s.allocatedBytes(), first,
        compilesBefore, compiles(d));
    allocatedBefore = d.stats().allocatedBytes();
    d.resetStats();
    opByOp.run();
    d.synchronize();
    s = d.stats();
    System.out.printf(Locale.ROOT, "sweep, op by op, %d points: %d launches, %.1f N-element buffers allocated%n", n,
        s.kernelLaunches(), (s.allocatedBytes() - allocatedBefore) / (double) bytes);
    double[] t = interleaved(d, fusedSweep, opByOp);
    System.out.printf(Locale.ROOT, "sweep times (median of %d, runs alternated): fused %.3f s, op by op %.3f s: fused is %.2fx"
        + " faster; CPU time of this process per run: fused %.2f s, op by op %.2f s%n", RUNS, t[0], t[1], t[1] / t[0], t[2], t[3]);
  }

  /** a·b + c fused against the device's copy of one tensor, in bytes moved per second. */
  static void elementwise(Device d, int n) {
    DType f = DType.FLOAT32;
    Fused fma = Fused.of("a*b+c", 3, t -> new Tensor[] {t[0].mul(t[1]).add(t[2])});
    Tensor a = Tensor.linspace(f, d, 0, 1, n).detach();
    Tensor b = Tensor.linspace(f, d, 1, 2, n).detach();
    Tensor c = Tensor.linspace(f, d, 2, 3, n).detach();
    Runnable fused = () -> {
      try (Scope s = Tensor.scope()) {
        fma.apply(a, b, c);
      }
    };
    Runnable copy = () -> {
      try (Scope s = Tensor.scope()) {
        a.copy();
      }
    };
    double[] t = interleaved(d, fused, copy);
    double tf = t[0];
    double tc = t[1];
    double gbFused = 16.0 * n / tf / 1e9;
    double gbCopy = 8.0 * n / tc / 1e9;
    System.out.printf(Locale.ROOT, "a*b+c, 2^26 float32: fused %.4f s = %.1f GB/s (read 3, write 1); copy %.4f s = %.1f GB/s;"
        + " fused at %.0f%% of the copy bandwidth%n", tf, gbFused, tc, gbCopy, 100 * gbFused / gbCopy);
    a.close();
    b.close();
    c.close();
  }

  /** Launches of one Adam step, per parameter tensor. */
  static void adam(Device d) {
    DType f = DType.FLOAT32;
    Sequential mlp = model(d, f);
    Adam opt = new Adam(mlp.parameters(), 1e-3);
    Tensor x = Tensor.linspace(f, d, -1, 1, 128 * 784).reshape(128, 784).detach();
    Tensor y = labels(d);
    for (int step = 0; step < 2; step++) {
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(mlp.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        d.synchronize();
        d.resetStats();
        opt.step();
        d.synchronize();
      }
    }
    long launches = d.stats().kernelLaunches();
    System.out.printf(Locale.ROOT, "adam step: %d launches for %d parameter tensors (%.2f per tensor)%n", launches,
        mlp.parameters().size(), launches / (double) mlp.parameters().size());
  }

  /** Launches of one MLP training step, and of its forward + loss and backward. */
  static void mlp(Device d) {
    DType f = DType.FLOAT32;
    Sequential mlp = model(d, f);
    Adam opt = new Adam(mlp.parameters(), 1e-3);
    Tensor x = Tensor.linspace(f, d, -1, 1, 128 * 784).reshape(128, 784).detach();
    Tensor y = labels(d);
    long[] phases = new long[4];
    for (int step = 0; step < 3; step++) {
      try (Scope s = Tensor.scope()) {
        d.resetStats();
        Tensor logits = mlp.forward(x);
        phases[0] = d.stats().kernelLaunches();
        Tensor loss = Losses.crossEntropy(logits, y);
        phases[1] = d.stats().kernelLaunches();
        opt.zeroGrad();
        loss.backward();
        phases[2] = d.stats().kernelLaunches();
        opt.step();
        d.synchronize();
        phases[3] = d.stats().kernelLaunches();
      }
    }
    System.out.printf(Locale.ROOT, "mlp training step: %d launches (forward %d, cross-entropy %d, backward %d, adam %d)%n",
        phases[3], phases[0], phases[1] - phases[0], phases[2] - phases[1], phases[3] - phases[2]);
  }

  static Sequential model(Device d, DType f) {
    return new Sequential(new Linear(784, 256, 1, f, d), new ReLU(), new Linear(256, 128, 2, f, d), new ReLU(),
        new Linear(128, 10, 3, f, d));
  }

  static Tensor labels(Device d) {
    long[] l = new long[128];
    for (int i = 0; i < l.length; i++) {
      l[i] = (i * 7) % 10;
    }
    return Tensor.from(l, 128).to(d);
  }

  /**
   * Median wall seconds of RUNS runs of a and of b, alternated (a, b, a, b, ...) after two warm-up
   * runs of each so that a change of the machine's load hits both alike; then the median CPU
   * seconds (user + system, all threads of this process: PoCL's too) of a run of each.
   */
  static double[] interleaved(Device d, Runnable a, Runnable b) {
    for (int i = 0; i < 2; i++) {
      a.run();
      b.run();
      d.synchronize();
    }
    double[][] wall = new double[2][RUNS];
    double[][] cpu = new double[2][RUNS];
    Runnable[] both = {a, b};
    for (int i = 0; i < RUNS; i++) {
      for (int k = 0; k < 2; k++) {
        double c0 = cpuSeconds();
        long t0 = System.nanoTime();
        both[k].run();
        d.synchronize();
        wall[k][i] = (System.nanoTime() - t0) / 1e9;
        cpu[k][i] = cpuSeconds() - c0;
      }
    }
    for (double[] row : wall) {
      Arrays.sort(row);
    }
    for (double[] row : cpu) {
      Arrays.sort(row);
    }
    return new double[] {wall[0][RUNS / 2], wall[1][RUNS / 2], cpu[0][RUNS / 2], cpu[1][RUNS / 2]};
  }

  /** CPU seconds (user + system) this process has used, from /proc/self/stat (Linux), else NaN. */
  static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The device description's count of compiled fused programs and their compile time. */
  static String compiles(Device d) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) programs compiled in ([0-9.]+ s)").matcher(d.description());
    return m.find() ? m.group(1) + " programs in " + m.group(2) : "none reported";
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
