package dev.fluxion.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The PNG of a {@code fluxion bench} run: one group of bars per workload, one bar per device,
 * bar height the median time in ms on a logarithmic axis (times span several orders of
 * magnitude). A device without a time for a workload has no bar there (and one without any
 * time says so in the legend); with no time at all
 * there is no chart (IllegalArgumentException).
 */
final class BenchPlot {
  private BenchPlot() {}

  static void write(Path file, BenchReport report, String title) throws IOException {
    Set<Workload> workloads = new LinkedHashSet<>();
    Set<String> devices = new LinkedHashSet<>();
    for (Row r : report.rows()) {
      workloads.add(r.workload());
      devices.add(r.device());
    }
    List<String> labels = workloads.stream().map(w -> w.name() + " " + compact(w.size())).toList();
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title)
        .xAxisTitle("workload").yAxisTitle("median time (ms, log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(fastest(report)))));
    chart.getStyler().setYAxisDecimalPattern("0.###");
    for (String device : devices) {
      List<Double> ms = new ArrayList<>();
      for (Workload w : workloads) {
        ms.add(time(report, w.label(), device));
      }
      boolean none = ms.stream().allMatch(v -> v == null);
      chart.addSeries(none ? device + " (not timed)" : device, labels, ms);
    }
    String name = file.toString();
    String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  /** 10000000 as "10M", 100000 as "100k", 1024 as "1024". */
  static String compact(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    return n >= 10_000 && n % 1000 == 0 ? n / 1000 + "k" : Long.toString(n);
  }

  /** The smallest median time (bars start from the power of ten below it). */
  private static double fastest(BenchReport report) {
    return report.rows().stream().filter(r -> r.timing() != null).mapToDouble(r -> r.timing().medianMs()).min()
        .orElseThrow(() -> new IllegalArgumentException("no times to plot: nothing was measured"));
  }

  private static Double time(BenchReport report, String workload, String device) {
    for (Row r : report.rows()) {
      if (r.timing() != null && r.device().equals(device) && r.workload().label().equals(workload)) {
        return r.timing().medianMs();
      }
    }
    return null;
  }
}
