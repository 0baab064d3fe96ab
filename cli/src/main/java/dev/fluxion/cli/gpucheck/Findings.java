package dev.fluxion.cli.gpucheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of each step's output that the summary shows, read from what the step printed or wrote. */
final class Findings {
  private static final Pattern SELFTEST = Pattern.compile("(?m)^result: (PASS|FAIL) \\((\\d+) checks, (\\d+) failed\\)");
  private static final Pattern GEMM = Pattern.compile("(?m)^gemm: (.*)$");
  private static final Pattern JUNIT =
      Pattern.compile("\\[\\s*(\\d+) (tests|containers) (successful|failed|skipped|aborted|found)\\s*\\]");

  private Findings() {}

  /** The line of {@code fluxion devices} about {@code device} (e.g. {@code cuda:0}). */
  static String devices(String output, String device) {
    return output.lines().filter(l -> l.startsWith(device + " ")).map(l -> l.replaceAll("\\s+", " ").strip()).findFirst()
        .orElse("no line for " + device);
  }

  /** "310 checks, 0 failed; GEMM: ..." from {@code fluxion selftest}. */
  static String selftest(String output) {
    Matcher m = SELFTEST.matcher(output);
    if (!m.find()) {
      return "no result line";
    }
    Matcher g = GEMM.matcher(output);
    return m.group(2) + " checks, " + m.group(3) + " failed" + (g.find() ? "; GEMM: " + g.group(1) : "");
  }

  /**
   * The JUnit console launcher's totals ("1234 tests: 1200 passed, 0 failed, 34 skipped"), or,
   * for a run stopped before its summary, the tests its tree had reported by then.
   */
  static String conformance(String output) {
    long found = -1;
    long passed = -1;
    long failed = 0;
    long skipped = 0;
    Matcher m = JUNIT.matcher(output);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      boolean tests = m.group(2).equals("tests");
      switch (m.group(3)) {
        case "found" -> found = tests ? n : found;
        case "successful" -> passed = tests ? n : passed;
        case "failed" -> failed += n; // a failed container (a class that could not start) counts too
        case "skipped", "aborted" -> skipped += tests ? n : 0;
        default -> { }
      }
    }
    if (passed >= 0) {
      return found + " tests: " + passed + " passed, " + failed + " failed, " + skipped + " skipped or aborted";
    }
    long ok = output.chars().filter(c -> c == '✔').count();
    long bad = output.chars().filter(c -> c == '✘').count();
    long skip = output.chars().filter(c -> c == '↷').count();
    return "stopped before its summary, after " + (ok + bad + skip) + " tests and containers: " + ok + " passed, " + bad
        + " failed, " + skip + " skipped";
  }

  /** Whether the launcher's summary says that no test failed. */
  static boolean conformancePassed(String output) {
    Matcher m = JUNIT.matcher(output);
    boolean summary = false;
    while (m.find()) {
      summary |= m.group(3).equals("successful");
      if (m.group(3).equals("failed") && Long.parseLong(m.group(1)) > 0) {
        return false;
      }
    }
    return summary;
  }

  /**
   * One entry per row of a {@code fluxion bench} CSV that is not the CPU's: the device's median
   * time and its ratio to the CPU's ({@code vs cpu}); GFLOP/s for a matmul; the reason for a row
   * without a time.
   */
  static List<String> bench(Path csv) throws IOException {
    List<String> found = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csvFields(line);
      String workload = f.get(0);
      long size = Long.parseLong(f.get(1));
      String device = f.get(3);
      if (device.equals("cpu")) {
        continue;
      }
      String label = workload + " " + size + " on " + device;
      if (f.get(5).isEmpty()) {
        found.add(label + ": " + f.get(8));
        continue;
      }
      double ms = Double.parseDouble(f.get(5));
      String ratio = f.get(7).isEmpty() ? "" : String.format(Locale.ROOT, " = %.3g x cpu", Double.parseDouble(f.get(7)));
      String flops = workload.equals("matmul") ? String.format(Locale.ROOT, ", %.1f GFLOP/s", 2.0 * size * size * size / ms / 1e6) : "";
      found.add(String.format(Locale.ROOT, "%s: %.3f ms%s%s", label, ms, ratio, flops));
    }
    return found;
  }

  /** The fields of one CSV line as BenchReport writes it (quoted where a field has a comma or a quote). */
  static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
