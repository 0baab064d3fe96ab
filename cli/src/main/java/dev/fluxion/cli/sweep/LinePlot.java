package dev.fluxion.cli.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * f and f′ against x, downsampled to {@link #COLUMNS} pixel columns by keeping the minimum and
 * maximum of each column (so a spike one point wide stays visible), in constant memory.
 */
final class LinePlot implements PlotSink {
  static final int COLUMNS = 720;
  private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14)};

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
    for (double[][] a : new double[][][] {min, max}) {
      for (double[] s : a) {
        Arrays.fill(s, Double.NaN);
      }
    }
    Axis axis = spec.grid().axes().get(0);
    for (int b = 0; b < bins; b++) {
      x[b] = axis.at((b * points + bins - 1) / bins);
    }
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

  /** The largest finite value of series {@code s} (0: f, 1: f') in any pixel column (for tests). */
  double largest(int s) {
    return Arrays.stream(max[s]).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  @Override
  public void write(Path file, SweepSpec spec) throws IOException {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < 2; s++) {
      for (int b = 0; b < bins; b++) {
        if (!Double.isNaN(min[s][b])) {
          lo = Math.min(lo, min[s][b]);
          hi = Math.max(hi, max[s][b]);
        }
      }
    }
    if (lo > hi) {
      lo = -1;
      hi = 1;
    }
    Axis a = spec.grid().axes().get(0);
    ChartFrame frame = new ChartFrame(Math.min(a.from(), a.to()), Math.max(a.from(), a.to()), lo, hi, true, 680);
    frame.axes(a.name(), "value", spec.formula(), true);
    frame.g.setClip(frame.left, frame.top, frame.plotWidth + 1, frame.plotHeight + 1);
    frame.g.setStroke(new BasicStroke(1.6f));
    for (int s = 0; s < 2; s++) {
      frame.g.setColor(COLORS[s]);
      Path2D line = new Path2D.Double();
      boolean open = false;
      for (int b = 0; b < bins; b++) {
        if (Double.isNaN(min[s][b])) {
          open = false;
          continue;
        }
        double sx = frame.px(x[b]);
        if (open) {
          line.lineTo(sx, frame.py(min[s][b]));
        } else {
          line.moveTo(sx, frame.py(min[s][b]));
          open = true;
        }
        line.lineTo(sx, frame.py(max[s][b]));
      }
      frame.g.draw(line);
      if (points <= 50) {
        for (int b = 0; b < bins; b++) {
          if (!Double.isNaN(min[s][b])) {
            frame.g.fillOval((int) frame.px(x[b]) - 3, (int) frame.py(min[s][b]) - 3, 6, 6);
          }
        }
      }
    }
    frame.g.setClip(null);
    frame.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    String[] names = {"f(" + a.name() + ")", "f'(" + a.name() + ")"};
    for (int s = 0; s < 2; s++) {
      int y = frame.top + 20 + 22 * s;
      int x0 = frame.left + frame.plotWidth + 20;
      frame.g.setColor(COLORS[s]);
      frame.g.fillRect(x0, y - 6, 24, 4);
      frame.g.setColor(Color.BLACK);
      frame.g.drawString(names[s], x0 + 30, y);
    }
    if (points > bins) {
      frame.g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      frame.g.drawString(points + " points:", frame.left + frame.plotWidth + 20, frame.top + 80);
      frame.g.drawString("min and max", frame.left + frame.plotWidth + 20, frame.top + 94);
      frame.g.drawString("per pixel column", frame.left + frame.plotWidth + 20, frame.top + 108);
    }
    frame.g.dispose();
    ImageIO.write(frame.image, "png", file.toFile());
  }
}
