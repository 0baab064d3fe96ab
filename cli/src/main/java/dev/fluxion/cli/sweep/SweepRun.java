package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sweep on this machine: the blocks of {@link BlockStream} fed to the sinks the options ask
 * for (table, file, summary, plot). A file is written under a temporary name and moved into
 * place when complete, so that a failed sweep leaves no partial file.
 */
public final class SweepRun {
  static final long TIMING_THRESHOLD = 1_000_000;

  private final SweepSpec spec;
  private final Device device;
  private final Path out;
  private final OutputFormat format;
  private final Path plot;
  private final boolean summary;
  private final boolean table;

  public SweepRun(SweepSpec spec, Device device, Path out, OutputFormat format, Path plot, boolean summary, boolean table) {
    this.spec = spec;
    this.device = device;
    this.out = out;
    this.format = format;
    this.plot = plot;
    this.summary = summary;
    this.table = table;
  }

  /** Checks before any work that {@code file} can be created: its directory exists and is writable. */
  public static void checkWritable(Path file, String option) {
    if (file == null) {
      return;
    }
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + file + ": the directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir) || (Files.exists(abs) && !Files.isWritable(abs))) {
      throw new IllegalArgumentException(option + " " + file + ": not writable");
    }
  }

  /** Checks a --plot path and that the sweep can be drawn (one variable, or a grid of two). */
  public static void checkPlot(Path file, SweepSpec spec) {
    if (!file.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException("--plot " + file + ": the file name must end in .png");
    }
    checkWritable(file, "--plot");
    Grid g = spec.grid();
    if (g.dimensions() > 2 || (g.dimensions() == 2 && g.zip())) {
      throw new IllegalArgumentException("--plot draws sweeps of one variable or the grid of two; this one has "
          + g.dimensions() + (g.zip() ? " zipped" : "") + " variables");
    }
  }

  /** Runs the sweep; the table and the summary go to {@code stdout}, timings and file notes to {@code stderr}. */
  public void execute(PrintStream stdout, PrintStream stderr) throws IOException {
    long n = spec.grid().size();
    boolean f32 = spec.dtype() == DType.FLOAT32;
    List<BlockSink> sinks = new ArrayList<>();
    Summary sum = summary ? new Summary(spec.outputs(), spec.grid().dimensions()) : null;
    Path partial = out == null ? null : out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".partial");
    OutputStream file = null;
    PlotSink plotter = plot == null ? null : PlotSink.of(spec);
    boolean done = false;
    long t0 = System.nanoTime();
    try {
      if (table) {
        sinks.add(CsvSink.table(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16),
            tableHeader(), f32));
      }
      if (out != null) {
        file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        sinks.add(fileSink(file, n, f32));
      }
      if (sum != null) {
        sinks.add(b -> sum.add(b, spec.grid()));
      }
      if (plotter != null) {
        sinks.add(plotter);
      }
      try (BlockStream s = BlockStream.open(spec, device, 0, n)) {
        for (Block b = s.next(); b != null; b = s.next()) {
          for (BlockSink sink : sinks) {
            sink.accept(b);
          }
        }
      }
      for (BlockSink sink : sinks) {
        sink.close();
      }
      if (file != null) {
        file.close();
        file = null;
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (file != null) {
        file.close();
      }
      if (!done && partial != null) {
        Files.deleteIfExists(partial);
      }
    }
    long nanos = System.nanoTime() - t0;
    if (n > TIMING_THRESHOLD) {
      stderr.printf(Locale.ROOT, "swept %d points in %.1f ms (%.1f M points/s; blocks of %d; %s, %s, %s)%n", n,
          nanos / 1e6, n / (nanos / 1e3), spec.blockFor(n), spec.dtype().numpyName(), device.name(),
          spec.evaluator().name().toLowerCase(Locale.ROOT));
    }
    if (out != null) {
      stderr.println("wrote " + n + " rows (" + String.join(", ", spec.columns()) + ") to " + out);
    }
    if (sum != null) {
      SummaryReport.print(stdout, sum, spec);
      stdout.flush();
    }
    if (plotter != null) {
      plotter.write(plot, spec);
      stderr.println("wrote plot to " + plot);
    }
  }

  private BlockSink fileSink(OutputStream file, long n, boolean f32) throws IOException {
    return switch (format) {
      case CSV -> CsvSink.csv(new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16),
          spec.columns(), f32);
      case NPY -> new NpySink(file, spec.columns(), n, f32);
      case PARQUET -> new ParquetSink(file, spec.columns(), f32);
    };
  }

  private List<String> tableHeader() {
    if (spec.grid().dimensions() == 1 && !spec.hessian()) {
      String x = spec.variables().get(0);
      return List.of(x, "f(" + x + ")", "f'(" + x + ")");
    }
    return spec.columns();
  }
}
