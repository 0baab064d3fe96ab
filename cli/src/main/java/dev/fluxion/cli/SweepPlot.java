package dev.fluxion.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG of a sweep: f and f' against x (at most {@link #MAX_POINTS} points drawn). */
final class SweepPlot {
  static final int MAX_POINTS = 4000;

  private SweepPlot() {}

  static void write(Path file, String title, double[] x, double[] f, double[] df) throws IOException {
    int step = Math.max(1, x.length / MAX_POINTS);
    int n = (x.length + step - 1) / step;
    double[] xs = new double[n];
    double[] fs = new double[n];
    double[] ds = new double[n];
    for (int i = 0, j = 0; i < x.length; i += step, j++) {
      xs[j] = x[i];
      fs[j] = finiteOrNaN(f[i]);
      ds[j] = finiteOrNaN(df[i]);
    }
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("x").yAxisTitle("value").build();
    chart.addSeries("f(x)", xs, fs).setMarker(SeriesMarkers.NONE);
    chart.addSeries("f'(x)", xs, ds).setMarker(SeriesMarkers.NONE);
    String name = file.toString();
    String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  private static double finiteOrNaN(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }
}
