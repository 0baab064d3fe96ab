package dev.fluxion.cli.bench;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fluxion bench}: times each workload on each selected device after a warm-up, prints a
 * table with every time's ratio to the CPU's, and writes it as CSV and as a bar chart. Every
 * row names the device that held the results and its description (for the CPU: the GEMM and
 * math paths); a device that cannot be opened gets rows saying why, never a substitute.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, abbreviateSynopsis = true, description = {
    "Times an elementwise chain, a reduction, matmuls and the derivative sweep of"
        + " exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x) on each device (with --workloads also"
        + " the fused sweep, the compiled sweep and an MLP training step), and compares each time with"
        + " the CPU's.",
    "Exit code 1 when a device was unavailable or a workload failed, 2 for bad options."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--device", split = ",", paramLabel = "NAME",
      description = "devices to time, e.g. cpu,opencl (default: every available device)")
  List<String> devices;

  @Option(names = "--dtype", defaultValue = "float32", description = "float32 (default) or float64")
  String dtype;

  @Option(names = "--elementwise", split = ",", defaultValue = "10000000", paramLabel = "N",
      description = "points of the elementwise chain (default: ${DEFAULT-VALUE})")
  List<Long> elementwise;

  @Option(names = "--reduction", split = ",", defaultValue = "10000000", paramLabel = "N",
      description = "points summed by the reduction (default: ${DEFAULT-VALUE})")
  List<Long> reduction;

  @Option(names = "--matmul", split = ",", defaultValue = "256,1024", paramLabel = "N",
      description = "sides of the square matmuls (default: ${DEFAULT-VALUE})")
  List<Integer> matmul;

  @Option(names = "--sweep", split = ",", defaultValue = "1000000", paramLabel = "N",
      description = "points of the derivative sweep, forward and backward (default: ${DEFAULT-VALUE})")
  List<Integer> sweep;

  @Option(names = "--fused-sweep", split = ",", defaultValue = "1000000", paramLabel = "N",
      description = "points of the sweep as one fused program of f and f' (default: ${DEFAULT-VALUE})")
  List<Integer> fusedSweep;

  @Option(names = "--compiled-sweep", split = ",", defaultValue = "1000000", paramLabel = "N",
      description = "points of the sweep compiled by jit (Autodiff.jitN of the eager sweep) (default: ${DEFAULT-VALUE})")
  List<Integer> compiledSweep;

  @Option(names = "--mlp", split = ",", defaultValue = "128", paramLabel = "BATCH",
      description = "batch sizes of the MLP training step (784-256-128-10, Adam) (default: ${DEFAULT-VALUE})")
  List<Integer> mlp;

  @Option(names = "--workloads", split = ",", defaultValue = "elementwise,reduction,matmul,sweep", paramLabel = "NAME",
      description = "which to run, of elementwise, reduction, matmul, sweep, fused-sweep, compiled-sweep, mlp-step "
          + "(default: ${DEFAULT-VALUE})")
  List<String> selected;

  /**
   * The CPU queues a SIMD kernel for compilation once loops have asked for it 16 times (once per
   * core and op call), so fewer runs of a slow workload would time its scalar loops.
   */
  @Option(names = "--warmup", defaultValue = "20", description = "least number of warm-up runs (default: ${DEFAULT-VALUE})")
  int warmupRuns;

  @Option(names = "--warmup-seconds", defaultValue = "2",
      description = "least warm-up time; it also goes on while CPU SIMD kernels compile (default: ${DEFAULT-VALUE})")
  double warmupSeconds;

  @Option(names = "--runs", defaultValue = "5", description = "timed runs; the table shows their median (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--csv", paramLabel = "FILE.csv", description = "write the table as CSV")
  Path csv;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "draw the times as a bar chart")
  Path plot;

  /** A device asked for: opened, or why it could not be. */
  private record Target(String name, Device device, String unavailable) {}

  @Override
  public Integer call() throws IOException {
    DType type;
    List<Workload> workloads;
    Stopwatch stopwatch;
    List<Target> targets;
    try {
      type = DType.parse(dtype);
      if (!type.isFloating()) {
        return refuse("--dtype must be float32 or float64, got " + dtype);
      }
      workloads = workloads();
      stopwatch = new Stopwatch(warmupRuns, warmupSeconds, runs);
      targets = targets();
    } catch (IllegalArgumentException e) {
      return refuse(e.getMessage());
    }
    System.out.printf(Locale.ROOT, "fluxion bench: %s, %d warm-up runs and %s s at least, median of %d runs; %d cores, load average %s%n",
        type.numpyName(), warmupRuns, warmupSeconds, runs, Runtime.getRuntime().availableProcessors(), load(loadAverage()));
    List<Row> rows = new ArrayList<>();
    for (Workload w : workloads) {
      for (Target t : targets) {
        Row r = measure(w, type, t, stopwatch);
        System.err.println(w.label() + " on " + t.name() + ": "
            + (r.timing() == null ? r.failure() : String.format(Locale.ROOT, "%.3f ms", r.timing().medianMs())));
        rows.add(r);
      }
    }
    BenchReport report = new BenchReport(rows);
    report.printTable(System.out);
    System.out.println("load average at the end: " + load(loadAverage()));
    if (csv != null) {
      report.writeCsv(csv);
      System.err.println("wrote " + rows.size() + " rows to " + csv);
    }
    if (plot != null && rows.stream().noneMatch(r -> r.timing() != null)) {
      System.err.println("fluxion bench: no plot: nothing was timed");
    } else if (plot != null) {
      try {
        BenchPlot.write(plot, report, "fluxion bench (" + type.numpyName() + ")");
        System.err.println("wrote plot to " + plot);
      } catch (IOException | RuntimeException | LinkageError | InternalError e) {
        // e.g. a machine without fonts (libfreetype, fontconfig): the measurements stand without their picture
        System.err.println("fluxion bench: no plot (" + e + "); the table" + (csv != null ? " and the CSV" : "") + " hold the results");
      }
    }
    return rows.stream().allMatch(r -> r.timing() != null || r.failure().startsWith(NOT_AVAILABLE)) ? 0 : 1;
  }

  /** How a row of a workload this build does not have begins (such rows are not failures). */
  static final String NOT_AVAILABLE = "not available";

  private static Row measure(Workload w, DType type, Target t, Stopwatch stopwatch) {
    String dt = type.numpyName();
    if (t.device() == null) {
      return Row.failed(w, dt, t.name(), "unavailable: " + t.unavailable(), loadAverage());
    }
    try (Workload.Body body = w.prepare(t.device(), type)) {
      return Row.measured(w, dt, t.name(), stopwatch.time(body, t.device()), loadAverage());
    } catch (Workload.NotAvailable e) {
      return Row.failed(w, dt, t.name(), e.getMessage(), loadAverage());
    } catch (RuntimeException e) {
      return Row.failed(w, dt, t.name(), "failed: " + e, loadAverage());
    }
  }

  private List<Workload> workloads() {
    List<String> known = List.of("elementwise", "reduction", "matmul", "sweep", "fused-sweep", "compiled-sweep", "mlp-step");
    for (String name : selected) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("--workloads: unknown workload '" + name + "', expected some of " + known);
      }
    }
    List<Workload> list = new ArrayList<>();
    if (selected.contains("elementwise")) {
      elementwise.forEach(n -> list.add(Workloads.elementwise(positive("--elementwise", n))));
    }
    if (selected.contains("reduction")) {
      reduction.forEach(n -> list.add(Workloads.reduction(positive("--reduction", n))));
    }
    if (selected.contains("matmul")) {
      matmul.forEach(n -> list.add(Workloads.matmul((int) positive("--matmul", n))));
    }
    if (selected.contains("sweep")) {
      sweep.forEach(n -> list.add(Workloads.sweep((int) positive("--sweep", n))));
    }
    if (selected.contains("fused-sweep")) {
      fusedSweep.forEach(n -> list.add(Workloads.fusedSweep((int) positive("--fused-sweep", n))));
    }
    if (selected.contains("compiled-sweep")) {
      compiledSweep.forEach(n -> list.add(Workloads.compiledSweep((int) positive("--compiled-sweep", n))));
    }
    if (selected.contains("mlp-step")) {
      mlp.forEach(n -> list.add(Workloads.mlpStep((int) positive("--mlp", n))));
    }
    return list;
  }

  private static long positive(String option, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(option + " sizes must be >= 1, got " + n);
    }
    return n;
  }

  /**
   * The devices named by {@code --device} (an unknown name throws IllegalArgumentException; one
   * that cannot be opened is kept with the reason), or every available device.
   */
  private List<Target> targets() {
    List<Target> list = new ArrayList<>();
    if (devices == null) {
      for (Device.Status s : Device.probe()) {
        if (!s.available()) {
          System.out.println("not timed: " + s.name() + " is unavailable: " + s.description());
        }
      }
      Device.available().forEach(d -> list.add(new Target(d.name(), d, null)));
      return list;
    }
    for (String name : devices) {
      try {
        Device d = Device.of(name);
        if (list.stream().noneMatch(t -> t.device() == d)) {
          list.add(new Target(d.name(), d, null));
        }
      } catch (DeviceUnavailableException e) {
        System.err.println("fluxion bench: " + e.getMessage());
        list.add(new Target(name.trim(), null, e.getMessage()));
      }
    }
    return list;
  }

  private static int refuse(String message) {
    System.err.println("fluxion bench: " + message);
    return 2;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String load(double v) {
    return v < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", v);
  }
}
