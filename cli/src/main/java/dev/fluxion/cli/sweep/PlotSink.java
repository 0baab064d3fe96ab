package dev.fluxion.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;

/** A plot drawn from the stream of blocks in constant memory: {@link LinePlot} or {@link HeatMapPlot}. */
public interface PlotSink extends BlockSink {
  /** Draws the PNG. */
  void write(Path file, SweepSpec spec) throws IOException;

  /** The plot of a sweep: curves for one variable, a heat map for the grid of two. */
  static PlotSink of(SweepSpec spec) {
    return spec.grid().dimensions() == 1 ? new LinePlot(spec) : new HeatMapPlot(spec);
  }
}
