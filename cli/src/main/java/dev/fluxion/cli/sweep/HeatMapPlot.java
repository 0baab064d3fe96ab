package dev.fluxion.cli.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * f(x, y) over the grid of two variables as a heat map, with arrows of the gradient (∂f/∂x,
 * ∂f/∂y) on a coarse lattice. Each heat-map cell and each arrow shows the grid point nearest to
 * it, collected from the stream of blocks in constant memory.
 */
final class HeatMapPlot implements PlotSink {
  private static final int CELLS = 400;
  private static final int ARROWS = 21;
  private static final Color[] VIRIDIS = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
      new Color(94, 201, 98), new Color(253, 231, 37)};

  private final Sampler cellsX;
  private final Sampler cellsY;
  private final Sampler arrowsX;
  private final Sampler arrowsY;
  private final double[][] f;
  private final double[][] gx;
  private final double[][] gy;
  private final long ny;

  /** Picks {@code cells} indices evenly among {@code points}; maps an index back to its cell, or −1. */
  private record Sampler(long points, int cells) {
    static Sampler of(long points, int most) {
      return new Sampler(points, (int) Math.min(points, most));
    }

    long index(int cell) {
      return cells == 1 ? 0 : Math.round(cell * (double) (points - 1) / (cells - 1));
    }

    int cell(long index) {
      int c = cells == 1 ? 0 : (int) Math.round(index * (double) (cells - 1) / (points - 1));
      return index(c) == index ? c : -1;
    }
  }

  HeatMapPlot(SweepSpec spec) {
    long nx = spec.grid().axes().get(0).points();
    ny = spec.grid().axes().get(1).points();
    cellsX = Sampler.of(nx, CELLS);
    cellsY = Sampler.of(ny, CELLS);
    arrowsX = Sampler.of(nx, ARROWS);
    arrowsY = Sampler.of(ny, ARROWS);
    f = nanGrid(cellsX.cells(), cellsY.cells());
    gx = nanGrid(arrowsX.cells(), arrowsY.cells());
    gy = nanGrid(arrowsX.cells(), arrowsY.cells());
  }

  private static double[][] nanGrid(int w, int h) {
    double[][] g = new double[w][h];
    for (double[] col : g) {
      java.util.Arrays.fill(col, Double.NaN);
    }
    return g;
  }

  @Override
  public void accept(Block b) {
    for (int k = 0; k < b.count; k++) {
      long index = b.start + k;
      long i = index / ny;
      long j = index % ny;
      int cx = cellsX.cell(i);
      if (cx >= 0) {
        int cy = cellsY.cell(j);
        if (cy >= 0) {
          f[cx][cy] = b.values[0][k];
        }
      }
      int ax = arrowsX.cell(i);
      if (ax >= 0) {
        int ay = arrowsY.cell(j);
        if (ay >= 0) {
          gx[ax][ay] = b.values[1][k];
          gy[ax][ay] = b.values[2][k];
        }
      }
    }
  }

  @Override
  public void write(Path file, SweepSpec spec) throws IOException {
    Axis ax = spec.grid().axes().get(0);
    Axis ay = spec.grid().axes().get(1);
    ChartFrame frame = new ChartFrame(Math.min(ax.from(), ax.to()), Math.max(ax.from(), ax.to()),
        Math.min(ay.from(), ay.to()), Math.max(ay.from(), ay.to()), false, 640);
    Graphics2D g = frame.g;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] col : f) {
      for (double v : col) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    int w = cellsX.cells();
    int h = cellsY.cells();
    double cellW = frame.plotWidth / (double) Math.max(1, w - 1);
    double cellH = frame.plotHeight / (double) Math.max(1, h - 1);
    g.setClip(frame.left, frame.top, frame.plotWidth, frame.plotHeight);
    for (int cx = 0; cx < w; cx++) {
      double sx = w == 1 ? frame.left : frame.px(ax.at(cellsX.index(cx)));
      for (int cy = 0; cy < h; cy++) {
        double sy = h == 1 ? frame.top : frame.py(ay.at(cellsY.index(cy)));
        double v = f[cx][cy];
        g.setColor(Double.isFinite(v) ? color(hi > lo ? (v - lo) / (hi - lo) : 0.5) : Color.LIGHT_GRAY);
        int x0 = (int) Math.floor(w == 1 ? frame.left : sx - cellW / 2);
        int y0 = (int) Math.floor(h == 1 ? frame.top : sy - cellH / 2);
        g.fillRect(x0, y0, w == 1 ? frame.plotWidth : (int) Math.ceil(cellW) + 1,
            h == 1 ? frame.plotHeight : (int) Math.ceil(cellH) + 1);
      }
    }
    drawArrows(g, frame, ax, ay);
    g.setClip(null);
    frame.axes(ax.name(), ay.name(), "f = " + spec.formula() + "   (arrows: gradient)", false);
    drawColorBar(g, frame.left + frame.plotWidth + 40, frame.top, frame.plotHeight, lo, hi);
    g.dispose();
    ImageIO.write(frame.image, "png", file.toFile());
  }

  private void drawArrows(Graphics2D g, ChartFrame frame, Axis ax, Axis ay) {
    int plotW = frame.plotWidth;
    int plotH = frame.plotHeight;
    double longest = 0;
    for (int i = 0; i < gx.length; i++) {
      for (int j = 0; j < gx[i].length; j++) {
        double m = Math.hypot(gx[i][j], gy[i][j]);
        if (Double.isFinite(m)) {
          longest = Math.max(longest, m);
        }
      }
    }
    if (longest == 0) {
      return;
    }
    int w = arrowsX.cells();
    int h = arrowsY.cells();
    double cell = Math.min(plotW / (double) Math.max(w, 2), plotH / (double) Math.max(h, 2));
    g.setStroke(new BasicStroke(1.3f));
    g.setColor(Color.WHITE);
    for (int i = 0; i < w; i++) {
      for (int j = 0; j < h; j++) {
        double dx = gx[i][j];
        double dy = gy[i][j];
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
          continue;
        }
        double sx = w == 1 ? frame.left + plotW / 2.0 : frame.px(ax.at(arrowsX.index(i)));
        double sy = h == 1 ? frame.top + plotH / 2.0 : frame.py(ay.at(arrowsY.index(j)));
        double len = 0.9 * cell / longest;
        double ex = sx + dx * len;
        double ey = sy - dy * len;
        g.draw(new Line2D.Double(sx, sy, ex, ey));
        double angle = Math.atan2(ey - sy, ex - sx);
        double head = Math.min(6, Math.hypot(ex - sx, ey - sy) / 2);
        Path2D tip = new Path2D.Double();
        tip.moveTo(ex, ey);
        tip.lineTo(ex - head * Math.cos(angle - 0.45), ey - head * Math.sin(angle - 0.45));
        tip.moveTo(ex, ey);
        tip.lineTo(ex - head * Math.cos(angle + 0.45), ey - head * Math.sin(angle + 0.45));
        g.draw(tip);
      }
    }
  }

  private static void drawColorBar(Graphics2D g, int x, int top, int height, double lo, double hi) {
    for (int p = 0; p < height; p++) {
      g.setColor(color(1 - p / (double) (height - 1)));
      g.fillRect(x, top + p, 20, 1);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x, top, 20, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    if (lo <= hi) {
      String pattern = AxisLabels.pattern(Math.max(Math.abs(lo), Math.abs(hi)), Math.max((hi - lo) / 4, 1e-300));
      for (int t = 0; t <= 4; t++) {
        double v = lo + (hi - lo) * t / 4;
        g.drawString(AxisLabels.format(v, pattern), x + 26, top + height - height * t / 4 + 4);
      }
    }
    g.drawString("f", x + 6, top - 8);
  }

  /** The viridis colour map at {@code t} in [0, 1], interpolated between five anchors. */
  private static Color color(double t) {
    double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    int i = Math.min((int) s, VIRIDIS.length - 2);
    double u = s - i;
    Color a = VIRIDIS[i];
    Color b = VIRIDIS[i + 1];
    return new Color((int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
  }
}
