package dev.fluxion.cli.selftest;

import dev.fluxion.DType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-test's table: one row per case, for each dtype a column per check ({@code fwd},
 * {@code vjp}, {@code jvp}; {@code run} for whole programs) reading {@code ok}, {@code FAIL}, or
 * {@code -} where the check does not apply; then every failure with its reason.
 */
public final class ReportTable {
  private static final List<String> COLUMNS = List.of("fwd", "vjp", "jvp");

  private ReportTable() {}

  public static void print(PrintStream out, List<Check> checks, List<DType> dtypes) {
    Map<String, Map<String, Check>> rows = new LinkedHashMap<>();
    for (Check c : checks) {
      rows.computeIfAbsent(c.row(), r -> new LinkedHashMap<>()).put(c.dtype() + " " + c.column(), c);
    }
    int width = Math.max(4, rows.keySet().stream().mapToInt(String::length).max().orElse(4)) + 2;
    StringBuilder head = new StringBuilder(pad("", width));
    StringBuilder sub = new StringBuilder(pad("case", width));
    for (DType t : dtypes) {
      head.append(pad(t.numpyName(), 16));
      for (String col : COLUMNS) {
        sub.append(pad(col, 5));
      }
      sub.append(" ");
    }
    out.println(head.toString().stripTrailing());
    out.println(sub.toString().stripTrailing());
    for (Map.Entry<String, Map<String, Check>> row : rows.entrySet()) {
      StringBuilder line = new StringBuilder(pad(row.getKey(), width));
      for (DType t : dtypes) {
        Check run = row.getValue().get(t + " run");
        for (String col : COLUMNS) {
          Check c = run != null && col.equals("fwd") ? run : row.getValue().get(t + " " + col);
          line.append(pad(c == null ? (run != null ? "" : "-") : c.passed() ? "ok" : "FAIL", 5));
        }
        line.append(" ");
      }
      out.println(line.toString().stripTrailing());
    }
    List<Check> failed = new ArrayList<>(checks.stream().filter(c -> !c.passed()).toList());
    if (!failed.isEmpty()) {
      out.println();
      out.println("failures:");
      for (Check c : failed) {
        out.println("  " + c.dtype().numpyName() + " " + c.column() + " of " + c.row() + ": " + c.detail());
      }
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
