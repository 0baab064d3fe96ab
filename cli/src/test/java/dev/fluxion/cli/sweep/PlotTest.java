package dev.fluxion.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
  @Test
  void aSpikeOnePointWideSurvivesTheDownsampling(@TempDir Path dir) throws Exception {
    // 2,000,001 points on [0, 2]: x = 1.234567 is a grid point, and the bump is 1 there and < 1e-40 one point away
    SweepSpec spec = new SweepSpec("exp(-((x-1.234567)*1e7)^2)", Grid.of(new Axis("x", 0, 2, 2_000_001)), DType.FLOAT64,
        false, 1 << 16, SweepSpec.Evaluator.FUSED);
    LinePlot plot = new LinePlot(spec);
    try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
      for (Block b = s.next(); b != null; b = s.next()) {
        plot.accept(b);
      }
    }
    assertEquals(1.0, plot.largest(0), 1e-6, "the spike's pixel column keeps its maximum");
    Path png = dir.resolve("spike.png");
    plot.write(png, spec);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(png), 4));
  }

  @Test
  void tickLabelsAreRoundNumbersAndReachTheEnd() {
    double[] t = AxisLabels.ticks(1, 10, 8);
    assertArrayEquals(new double[] {1, 10, 1}, t);
    assertArrayEquals(new double[] {-0.2, 1.6, 0.2}, AxisLabels.ticks(-0.13, 1.57, 8), 1e-12);
    assertEquals("0.5", AxisLabels.format(0.5, AxisLabels.pattern(10, 0.5)));
    assertEquals("2", AxisLabels.format(2.0000000000000004, AxisLabels.pattern(10, 1)));
    assertEquals("1E-6", AxisLabels.format(1e-6, AxisLabels.pattern(3e-6, 5e-7)));
    assertEquals("0.01", AxisLabels.shortest(0.01));
    assertTrue(AxisLabels.format(-0.0, "0.0").equals("0.0"));
  }

  @Test
  void twoVariablesDrawAHeatMap(@TempDir Path dir) throws Exception {
    SweepSpec spec = new SweepSpec("x^2*y + sin(3*x*y)", new Grid(List.of(new Axis("x", -2, 2, 50), new Axis("y", -1, 1, 40)),
        false), DType.FLOAT64, false, 333, SweepSpec.Evaluator.FUSED);
    PlotSink plot = PlotSink.of(spec);
    try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
      for (Block b = s.next(); b != null; b = s.next()) {
        plot.accept(b);
      }
    }
    Path png = dir.resolve("map.png");
    plot.write(png, spec);
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(ChartFrame.WIDTH, img.getWidth());
    // inside the plot area, the cells of the largest and smallest f take the two ends of the colour map
    int brightest = 0;
    int darkest = 0;
    for (int x = 81; x < 80 + 640; x++) {
      for (int y = 51; y < 50 + ChartFrame.HEIGHT - 120; y++) {
        brightest += img.getRGB(x, y) == new java.awt.Color(253, 231, 37).getRGB() ? 1 : 0;
        darkest += img.getRGB(x, y) == new java.awt.Color(68, 1, 84).getRGB() ? 1 : 0;
      }
    }
    assertTrue(brightest > 10 && darkest > 10, brightest + " brightest and " + darkest + " darkest pixels");
  }
}
