import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak memory and time of one bulk workload on the CPU, in this JVM: the eager derivative sweep
 * of the core benchmark's formula at 10^7 points (forward + backward() in a scope), or one
 * training step of the Fashion-MNIST MLP (784-256-128-10, batch 128, FLOAT32, forward + backward +
 * Adam in a scope). Prints one line:
 * {@code workload<TAB>median_ms<TAB>min_ms<TAB>peak_in_use_MiB<TAB>peak_allocated_MiB<TAB>peak_rss_MiB}
 * where the peaks are sampled from {@code Device.stats()} every millisecond while the workload
 * runs (in use = allocated − cached) and the RSS high-water mark is the process's VmHWM.
 * Usage: {@code java ... PeakMemory.java sweep64|sweep32|mlp [runs]}; run by run.sh.
 */
public class PeakMemory {
  static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    Tensor root = x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt();
    return inner.mul(root);
  }

  public static void main(String[] args) throws Exception {
    String workload = args[0];
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Device cpu = Device.cpu();
    long until = System.nanoTime() + 90_000_000_000L;
    while (cpu.description().matches(".*\\b[1-9]\\d* compiling\\).*") && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    Runnable step = switch (workload) {
      case "sweep64" -> sweep(DType.FLOAT64, cpu);
      case "sweep32" -> sweep(DType.FLOAT32, cpu);
      case "mlp" -> mlp(cpu);
      default -> throw new IllegalArgumentException("workload: sweep64, sweep32 or mlp, got " + workload);
    };
    int warmup = workload.equals("mlp") ? 200 : 3;
    for (int i = 0; i < warmup; i++) {
      step.run();
    }
    AtomicLong peakInUse = new AtomicLong();
    AtomicLong peakAllocated = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        var s = cpu.stats();
        peakInUse.accumulateAndGet(s.allocatedBytes() - s.cachedBytes(), Math::max);
        peakAllocated.accumulateAndGet(s.allocatedBytes(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    int reps = workload.equals("mlp") ? runs * 30 : runs;
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    sampler.interrupt();
    sampler.join();
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%s\t%.3f\t%.3f\t%.1f\t%.1f\t%.1f%n", workload, ms[reps / 2], ms[0],
        peakInUse.get() / 1048576.0, peakAllocated.get() / 1048576.0, rssHighWaterKiB() / 1024.0);
  }

  static Runnable sweep(DType dtype, Device cpu) {
    return () -> {
      try (Scope s = Tensor.scope()) {
        Tensor x = Tensor.linspace(dtype, cpu, 1, 10, 10_000_000);
        formula(x).backward();
        x.grad().sum().item();
      }
    };
  }

  static Runnable mlp(Device cpu) {
    DType f = DType.FLOAT32;
    Sequential model = new Sequential(new Linear(784, 256, 1, f, cpu), new ReLU(), new Linear(256, 128, 2, f, cpu),
        new ReLU(), new Linear(128, 10, 3, f, cpu));
    Adam opt = new Adam(model.parameters(), 1e-3);
    Random random = new Random(11);
    int batches = 32;
    Tensor[] xs = new Tensor[batches];
    Tensor[] ys = new Tensor[batches];
    for (int b = 0; b < batches; b++) {
      float[] pixels = new float[128 * 784];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = random.nextFloat();
      }
      long[] labels = new long[128];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = random.nextInt(10);
      }
      xs[b] = Tensor.from(pixels, f, cpu, true, 128, 784);
      ys[b] = Tensor.from(labels, 128);
    }
    int[] next = {0};
    return () -> {
      int b = next[0]++ % batches;
      try (Scope s = Tensor.scope()) {
        Tensor loss = Losses.crossEntropy(model.forward(xs[b]), ys[b]);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
    };
  }

  static long rssHighWaterKiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
