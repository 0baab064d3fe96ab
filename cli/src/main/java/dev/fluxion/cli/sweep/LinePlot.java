package dev.fluxion.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * f and f′ against x, downsampled to {@link #COLUMNS} pixel columns by keeping the minimum and
 * maximum of each column (so a spike one point wide stays visible), in constant memory.
 */
final class LinePlot implements PlotSink {
  static final int COLUMNS = 1000;

  private final long points;
  private final int bins;
  private final double[] x;
  private final double[][] min;
  private final double[][] max;

  LinePlot(SweepSpec spec) {
    points = spec.grid().size();
    bins = (int) Math.min(points, COLUMNS);
    x = new double[bins];
    min = new double[2][bins];
    max = new double[2][bins];
    for (double[] a : min) {
      Arrays.fill(a, Double.NaN);
    }
    for (double[] a : max) {
      Arrays.fill(a, Double.NaN);
    }
    Axis axis = spec.grid().axes().get(0);
    for (int b = 0; b < bins; b++) {
      x[b] = axis.at(firstOf(b));
    }
  }

  private long firstOf(int bin) {
    return (bin * points + bins - 1) / bins;
  }

  @Override
  public void accept(Block block) {
    for (int i = 0; i < block.count; i++) {
      int bin = (int) ((block.start + i) * bins / points);
      for (int s = 0; s < 2; s++) {
        double v = block.values[s][i];
        if (Double.isFinite(v)) {
          if (!(v >= min[s][bin])) {
            min[s][bin] = v;
          }
          if (!(v <= max[s][bin])) {
            max[s][bin] = v;
          }
        }
      }
    }
  }

  @Override
  public void write(Path file, SweepSpec spec) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(560).title(spec.formula()).xAxisTitle(spec.variables().get(0))
        .yAxisTitle("value").build();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    String[] names = {"f(x)", "f'(x)"};
    for (int s = 0; s < 2; s++) {
      boolean pairs = points > bins;
      int n = pairs ? 2 * bins : bins;
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int b = 0, j = 0; b < bins; b++) {
        xs[j] = x[b];
        ys[j++] = min[s][b];
        if (pairs) {
          xs[j] = x[b];
          ys[j++] = max[s][b];
        }
        lo = Math.min(lo, Double.isNaN(min[s][b]) ? lo : min[s][b]);
        hi = Math.max(hi, Double.isNaN(max[s][b]) ? hi : max[s][b]);
      }
      chart.addSeries(names[s], xs, ys).setMarker(points <= 50 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    Axis a = spec.grid().axes().get(0);
    double xlo = Math.min(a.from(), a.to());
    double xhi = Math.max(a.from(), a.to());
    chart.getStyler().setXAxisMin(xlo).setXAxisMax(xhi > xlo ? xhi : xlo + 1);
    chart.getStyler().setXAxisDecimalPattern(AxisLabels.pattern(xlo, xhi));
    if (lo <= hi) {
      chart.getStyler().setYAxisDecimalPattern(AxisLabels.pattern(lo, hi));
    }
    chart.getStyler().setPlotGridLinesVisible(true);
    String name = file.toString();
    String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }
}
