package dev.fluxion.cli.train;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG of a training run: mean training loss (left axis) and test accuracy (right axis) per epoch. */
public final class TrainPlot {
  private TrainPlot() {}

  public static void write(Path file, String title, Trainer.History h) throws IOException {
    int n = h.loss().length;
    double[] epochs = new double[n];
    for (int i = 0; i < n; i++) {
      epochs[i] = i + 1;
    }
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("epoch").build();
    chart.setYAxisGroupTitle(0, "training loss (mean cross-entropy)");
    chart.setYAxisGroupTitle(1, "test accuracy");
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    XYSeries loss = chart.addSeries("training loss", epochs, h.loss());
    loss.setMarker(SeriesMarkers.CIRCLE);
    XYSeries acc = chart.addSeries("test accuracy", epochs, h.accuracy());
    acc.setMarker(SeriesMarkers.DIAMOND);
    acc.setYAxisGroup(1);
    String name = file.toString();
    String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }
}
