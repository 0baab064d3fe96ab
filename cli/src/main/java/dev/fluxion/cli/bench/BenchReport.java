package dev.fluxion.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a {@code fluxion bench} run as a table and as CSV, with each time's ratio to the
 * CPU's time for the same workload.
 */
final class BenchReport {
  static final String CSV_HEADER =
      "workload,size,dtype,device,ran_on,median_ms,min_ms,vs_cpu,note,description,load_average";

  private final List<Row> rows;

  BenchReport(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  List<Row> rows() {
    return rows;
  }

  /**
   * The row's median time divided by the CPU's median time for the same workload and size (below
   * 1: faster than the CPU), or NaN when either was not measured. The CPU's time is that of the
   * row that asked for the CPU and ran there.
   */
  double vsCpu(Row r) {
    if (r.timing() == null) {
      return Double.NaN;
    }
    for (Row c : rows) {
      if (c.device().equals("cpu") && c.ranOn().equals("cpu") && c.workload().label().equals(r.workload().label())) {
        return r.timing().medianMs() / c.timing().medianMs();
      }
    }
    return Double.NaN;
  }

  void printTable(PrintStream out) {
    out.printf(Locale.ROOT, "%-12s %10s  %-10s %-10s %12s %12s %8s  %s%n",
        "workload", "size", "device", "ran on", "median ms", "min ms", "vs cpu", "note");
    for (Row r : rows) {
      Stopwatch.Timing t = r.timing();
      out.printf(Locale.ROOT, "%-12s %10d  %-10s %-10s %12s %12s %8s  %s%n", r.workload().name(), r.workload().size(),
          r.device(), t == null ? "-" : r.ranOn(), t == null ? "-" : fixed(t.medianMs(), 3),
          t == null ? "-" : fixed(t.minMs(), 3), fixed(vsCpu(r), 2), r.note());
    }
    out.println("vs cpu: median time / the CPU's median time for the same workload (below 1: faster than the CPU)");
    for (Map.Entry<String, String> d : descriptions().entrySet()) {
      out.println(d.getKey() + ": " + d.getValue());
    }
  }

  /** Each device that ran something, with its description after its last row. */
  private Map<String, String> descriptions() {
    Map<String, String> found = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.timing() != null) {
        found.put(r.ranOn(), r.timing().description());
      }
    }
    return found;
  }

  void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write(CSV_HEADER + "\n");
      for (Row r : rows) {
        Stopwatch.Timing t = r.timing();
        w.write(String.join(",", csv(r.workload().name()), Long.toString(r.workload().size()), r.dtype(),
            csv(r.device()), csv(r.ranOn()), t == null ? "" : fixed(t.medianMs(), 6), t == null ? "" : fixed(t.minMs(), 6),
            Double.isNaN(vsCpu(r)) ? "" : fixed(vsCpu(r), 6), csv(r.note()), csv(t == null ? "" : t.description()),
            r.loadAverage() < 0 ? "" : fixed(r.loadAverage(), 2)) + "\n");
      }
    }
  }

  private static String fixed(double v, int digits) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** A CSV field, quoted when it holds a comma, a quote or a line break. */
  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
