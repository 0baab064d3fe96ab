package dev.fluxion.cli.sweep;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** The frame of a sweep's plot: an image with a plot area, nice ticks on both axes, labels and a title. */
final class ChartFrame {
  static final int WIDTH = 900;
  static final int HEIGHT = 620;
  final int left = 80;
  final int top = 50;
  final int plotWidth;
  final int plotHeight;
  final double xMin;
  final double xMax;
  final double yMin;
  final double yMax;
  private final double xStep;
  private final double yStep;
  final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
  final Graphics2D g = image.createGraphics();

  /** A frame for x in [xlo, xhi] and y in [ylo, yhi] (y's range widened to nice ticks when {@code niceY}). */
  ChartFrame(double xlo, double xhi, double ylo, double yhi, boolean niceY, int plotWidth) {
    this.plotWidth = plotWidth;
    this.plotHeight = HEIGHT - top - 70;
    double[] xt = AxisLabels.ticks(xlo, xhi, 8);
    double[] yt = AxisLabels.ticks(ylo, yhi, 8);
    boolean exactX = xhi > xlo;
    xMin = exactX ? xlo : xt[0];
    xMax = exactX ? xhi : xt[1];
    xStep = xt[2];
    yMin = niceY || !(yhi > ylo) ? yt[0] : ylo;
    yMax = niceY || !(yhi > ylo) ? yt[1] : yhi;
    yStep = yt[2];
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
  }

  double px(double x) {
    return left + (x - xMin) / (xMax - xMin) * plotWidth;
  }

  double py(double y) {
    return top + plotHeight - (y - yMin) / (yMax - yMin) * plotHeight;
  }

  /** Ticks, grid lines (when {@code grid}), axis names and the title; labels at both ends of x. */
  void axes(String xName, String yName, String title, boolean grid) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    String xp = AxisLabels.pattern(Math.max(Math.abs(xMin), Math.abs(xMax)), xStep);
    String yp = AxisLabels.pattern(Math.max(Math.abs(yMin), Math.abs(yMax)), yStep);
    double first = Math.ceil(xMin / xStep - 1e-9) * xStep;
    double last = first;
    for (double t = first; t <= xMax + xStep * 1e-9; t += xStep) {
      int sx = (int) Math.round(px(t));
      tick(sx, top + plotHeight, sx, top + plotHeight + 5, grid ? sx : -1, true);
      label(AxisLabels.format(t, xp), sx, top + plotHeight + 20, true);
      last = t;
    }
    // the ends of the swept range get their own labels when no tick falls near them
    for (double end : new double[] {xMin, xMax}) {
      double nearest = end == xMin ? first : last;
      if (Math.abs(nearest - end) > 0.4 * xStep) {
        int sx = (int) Math.round(px(end));
        tick(sx, top + plotHeight, sx, top + plotHeight + 8, -1, true);
        label(AxisLabels.shortest(end), sx, top + plotHeight + 32, true);
      }
    }
    double yFirst = Math.ceil(yMin / yStep - 1e-9) * yStep;
    for (double t = yFirst; t <= yMax + yStep * 1e-9; t += yStep) {
      int sy = (int) Math.round(py(t));
      tick(left - 5, sy, left, sy, grid ? sy : -1, false);
      label(AxisLabels.format(t, yp), left - 8, sy + 4, false);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, plotWidth, plotHeight);
    g.drawString(xName, left + plotWidth / 2, top + plotHeight + 42);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yName, -(top + plotHeight / 2), left - 58);
    g.setTransform(saved);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, left, top - 20);
  }

  private void tick(int x0, int y0, int x1, int y1, int gridAt, boolean vertical) {
    if (gridAt >= 0) {
      g.setColor(new Color(225, 225, 225));
      if (vertical) {
        g.drawLine(gridAt, top, gridAt, top + plotHeight);
      } else {
        g.drawLine(left, gridAt, left + plotWidth, gridAt);
      }
    }
    g.setColor(Color.BLACK);
    g.drawLine(x0, y0, x1, y1);
  }

  private void label(String text, int x, int y, boolean centred) {
    int w = g.getFontMetrics().stringWidth(text);
    g.drawString(text, centred ? x - w / 2 : x - w, y);
  }
}
