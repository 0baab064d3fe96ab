package dev.fluxion.cli.gpucheck;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The one-screen summary of a {@code fluxion gpucheck} run (printed, and written as
 * summary.txt), and the same as summary.csv: one line per step with its result, time, budget and
 * figures. A run on the emulation says so first, in capitals.
 */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, List<String> header, List<Outcome> outcomes, double totalSeconds, double budgetSeconds,
      boolean emulated) {
    if (emulated) {
      out.println("EMULATED: the device is Fluxion's host emulation of the CUDA driver. Nothing below ran on a GPU;");
      out.println("          times are host times and say nothing about a GPU's speed.");
    }
    header.forEach(out::println);
    out.println();
    out.printf(Locale.ROOT, "%-17s %-18s %9s  %s%n", "step", "result", "seconds", "figures");
    for (Outcome o : outcomes) {
      List<String> figures = o.figures().isEmpty() ? List.of("") : o.figures();
      out.printf(Locale.ROOT, "%-17s %-18s %9s  %s%n", o.step().name(), o.result(),
          o.result().equals(Outcome.NOT_RUN) ? "-" : String.format(Locale.ROOT, "%.1f", o.seconds()), figures.get(0));
      for (String f : figures.subList(1, figures.size())) {
        out.printf(Locale.ROOT, "%-17s %-18s %9s  %s%n", "", "", "", f);
      }
    }
    long passed = outcomes.stream().filter(Outcome::passed).count();
    out.printf(Locale.ROOT, "%n%d of %d steps passed in %.0f s (budget %.0f s)%s%n", passed, outcomes.size(), totalSeconds,
        budgetSeconds, emulated ? "; EMULATED, not a GPU" : "");
  }

  static void writeCsv(Path file, List<Outcome> outcomes, boolean emulated) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("step,result,seconds,budget_seconds,emulated,title,figures\n");
      for (Outcome o : outcomes) {
        w.write(String.join(",", o.step().name(), o.result(), String.format(Locale.ROOT, "%.3f", o.seconds()),
            String.format(Locale.ROOT, "%.0f", o.budgetSeconds()), Boolean.toString(emulated), csv(o.step().title()),
            csv(String.join("; ", o.figures()))) + "\n");
      }
    }
  }

  private static String csv(String s) {
    return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
  }
}
