package dev.fluxion.cli.gpucheck;

import dev.fluxion.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fluxion gpucheck}: everything about the GPU in one command, each step a child process
 * with a time budget (see {@link Plan}), writing a results folder (each step's output, the
 * benchmarks as CSV and PNG, the conformance suite's JUnit reports, summary.txt and summary.csv)
 * and printing a one-screen summary. Without a usable CUDA device it says so in one line and
 * exits 2. The host emulation of the driver is refused unless {@code --emulated} accepts it; then
 * the sizes are small and everything is reported as emulated.
 */
@Command(name = "gpucheck", mixinStandardHelpOptions = true, description = {
    "Checks a CUDA GPU in one run (under 8 minutes): devices, selftest in float32",
    "and float64, benchmarks against the CPU (the sweep at 10^8 points eager and",
    "fused, a 4096^2 matmul, the MLP step), then the CUDA conformance suite with",
    "the time left. Writes a results folder (text, CSV, plots) and prints a",
    "summary. Exit code 0 when every step passed, 1 when one failed or was",
    "stopped at its budget, 2 without a usable GPU."})
public final class GpucheckCommand implements Callable<Integer> {
  /** How the emulated driver names its device (backend-cuda/src/test/emulation). */
  static final String EMULATION = "Fluxion CUDA emulation";

  @Option(names = "--device", defaultValue = "cuda", description = "the GPU, cuda or cuda:N (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--out", paramLabel = "DIR", description = "results folder (default: gpucheck-DATE-TIME in this folder)")
  Path out;

  @Option(names = "--budget", paramLabel = "SECONDS",
      description = "time budget of the whole check (default: 450; with --emulated 600)")
  Double budget;

  @Option(names = "--emulated", description = "accept Fluxion's host emulation of the CUDA driver (CI), with small sizes")
  boolean emulated;

  @Override
  public Integer call() throws IOException {
    String name = device.contains(":") ? device : device + ":0";
    Device.Status status = Device.probe().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    if (status == null || !status.available()) {
      String why = status != null ? status.description() : Device.probe().stream().filter(s -> s.name().startsWith("cuda"))
          .map(Device.Status::description).findFirst().orElse("no CUDA device family");
      System.out.println("fluxion gpucheck: no usable CUDA GPU " + name + ": " + why.replace('\n', ' '));
      return 2;
    }
    boolean isEmulation = status.description().startsWith(EMULATION);
    if (isEmulation != emulated) {
      System.out.println("fluxion gpucheck: " + name + (isEmulation
          ? " is Fluxion's host emulation of the CUDA driver, not a GPU (--emulated checks the emulation itself)"
          : " is a GPU, not the emulation: run without --emulated"));
      return 2;
    }
    Path dir = out != null ? out
        : Path.of("gpucheck-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    Files.createDirectories(dir);
    double total = budget != null ? budget : emulated ? Plan.EMULATION_BUDGET_SECONDS : Plan.GPU_BUDGET_SECONDS;
    List<Step> steps = emulated ? Plan.forEmulation(name, dir) : Plan.forGpu(name, dir);
    List<String> header = header(name, status.description(), dir);

    long start = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      double left = total - (System.nanoTime() - start) / 1e9;
      double given = Math.min(step.budgetSeconds(), left);
      if (given < 5) {
        outcomes.add(new Outcome(step, Outcome.NOT_RUN, 0, 0, List.of("the check's budget of " + (int) total + " s was spent")));
        continue;
      }
      System.err.printf(Locale.ROOT, "gpucheck [%d/%d] %s: %s (budget %.0f s)%n", i + 1, steps.size(), step.name(), step.title(),
          given);
      Outcome o = run(step, name, given, dir);
      System.err.printf(Locale.ROOT, "gpucheck [%d/%d] %s: %s in %.1f s%n", i + 1, steps.size(), step.name(), o.result(), o.seconds());
      outcomes.add(o);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream summary = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      Summary.print(summary, header, outcomes, seconds, total, isEmulation);
    }
    Files.write(dir.resolve("summary.txt"), text.toByteArray());
    Summary.writeCsv(dir.resolve("summary.csv"), outcomes, isEmulation);
    System.out.print(text.toString(StandardCharsets.UTF_8));
    return outcomes.stream().allMatch(Outcome::passed) ? 0 : 1;
  }

  private static List<String> header(String name, String description, Path dir) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String version = GpucheckCommand.class.getPackage().getImplementationVersion();
    return List.of(
        "fluxion gpucheck " + (version == null ? "dev" : version) + ", " + LocalDateTime.now().withNano(0) + "; "
            + Runtime.getRuntime().availableProcessors() + " cores, load average " + String.format(Locale.ROOT, "%.2f", load)
            + "; Java " + System.getProperty("java.version"),
        name + ": " + description,
        "results: " + dir.toAbsolutePath() + " (summary.txt and .csv, each step's .txt, bench-*.csv and .png, conformance/)");
  }

  private Outcome run(Step step, String name, double seconds, Path dir) {
    Path log = dir.resolve(step.name() + ".txt");
    List<String> jar = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    List<String> command;
    if (step.conformance()) {
      String runner = System.getProperty("fluxion.conformance.dir");
      Path launcher = runner == null ? null : Path.of(runner, "junit-platform-console-standalone.jar");
      if (launcher == null || !Files.exists(launcher)) {
        return new Outcome(step, Outcome.NOT_RUN, 0, seconds, List.of("no conformance runner here (" + (runner == null
            ? "-Dfluxion.conformance.dir is not set" : launcher + " is missing") + "): it comes with the distribution and "
            + "./fluxion's build"));
      }
      List<String> classPath = new ArrayList<>(jar);
      for (String j : List.of("conformance-tests.jar", "backend-cuda-tests.jar", "jqwik-api.jar", "jqwik-engine.jar")) {
        classPath.add(Path.of(runner, j).toString());
      }
      List<String> args = new ArrayList<>(List.of("execute", "--disable-banner", "--disable-ansi-colors", "--details=tree",
          "--class-path", String.join(java.io.File.pathSeparator, classPath), "--reports-dir", dir.resolve("conformance").toString(),
          "--config", "jqwik.database=" + dir.resolve("conformance").resolve("jqwik-database")));
      args.addAll(step.args());
      command = ChildRun.javaCommand(List.of(launcher.toString()), "org.junit.platform.console.ConsoleLauncher", args);
    } else {
      command = ChildRun.javaCommand(jar, "dev.fluxion.cli.Main", step.args());
    }
    ChildRun r = ChildRun.run(command, Map.of("FLUXION_REQUIRE_CUDA", "true"), seconds, log);
    List<String> figures = new ArrayList<>();
    boolean ok = r.exitCode() == 0;
    try {
      if (step.name().equals("devices")) {
        String line = Findings.devices(r.output(), name);
        ok &= line.startsWith(name + " available");
        figures.add(ok ? name + " available (described above)" : line);
      } else if (step.name().startsWith("selftest")) {
        figures.add(Findings.selftest(r.output()));
      } else if (step.conformance()) {
        ok &= Findings.conformancePassed(r.output());
        figures.add(Findings.conformance(r.output()));
      } else if (Files.exists(dir.resolve(step.name() + ".csv"))) {
        figures.addAll(Findings.bench(dir.resolve(step.name() + ".csv")));
      } else {
        figures.add("no CSV written");
      }
    } catch (IOException | RuntimeException e) {
      ok = false;
      figures.add("its output could not be read: " + e);
    }
    if (!ok && !r.stoppedAtBudget()) {
      figures.add("exit code " + r.exitCode() + "; see " + log.getFileName());
    }
    String result = r.stoppedAtBudget() ? Outcome.STOPPED : ok ? Outcome.PASS : Outcome.FAIL;
    return new Outcome(step, result, r.seconds(), seconds, figures);
  }
}
