package dev.fluxion.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --summary against closed forms, and merged partial summaries against one pass. */
class SummaryTest {
  static SweepSpec spec(String formula, double from, double to, long points, int block) {
    return new SweepSpec(formula, Grid.of(new Axis("x", from, to, points)), DType.FLOAT64, false, block,
        SweepSpec.Evaluator.FUSED);
  }

  static Summary summarise(SweepSpec spec, long from, long to) {
    Summary s = new Summary(spec.outputs(), spec.grid().dimensions());
    try (BlockStream stream = BlockStream.open(spec, Device.cpu(), from, to)) {
      for (Block b = stream.next(); b != null; b = stream.next()) {
        s.add(b, spec.grid());
      }
    }
    return s;
  }

  @Test
  void criticalPointsOnTheGridAndTheIntegralOfACubic() {
    SweepSpec spec = spec("x^3-3x", -2, 2, 401, 7);     // step 0.01: x = ±1 are grid points
    Summary s = summarise(spec, 0, 401);
    assertEquals(2, s.criticalPointCount());
    Summary.CriticalPoint max = s.criticalPoints().get(0);
    Summary.CriticalPoint min = s.criticalPoints().get(1);
    assertTrue(!max.isMinimum() && min.isMinimum());
    assertEquals(-1.0, spec.grid().coordinate(0, max.zeroAt()), 1e-15);
    assertEquals(1.0, spec.grid().coordinate(0, min.zeroAt()), 1e-15);
    assertEquals(2.0, max.fZero(), 1e-14);
    assertEquals(-2.0, min.fZero(), 1e-14);
    // ∫_{-2}^{2} x³−3x dx = 0; the trapezoid rule's error h²/12·(f'(2)−f'(−2)) is 0 for this f.
    assertEquals(0.0, s.integral(spec.grid()), 1e-13);
    // min −2 at x = −2 (first of −2 and 1), max 2 at x = −1 (first of −1 and 2); f' from −3 at 0 to 9 at ±2.
    assertEquals(-2.0, s.column(0).min, 1e-14);
    assertEquals(-2.0, spec.grid().coordinate(0, s.column(0).argMin));
    assertEquals(2.0, s.column(0).max, 1e-14);
    assertEquals(-1.0, spec.grid().coordinate(0, s.column(0).argMax), 1e-15);
    assertEquals(-3.0, s.column(1).min);
    assertEquals(0.0, spec.grid().coordinate(0, s.column(1).argMin), 1e-15);
    assertEquals(9.0, s.column(1).max);
  }

  @Test
  void criticalPointsBetweenGridPointsAndTheTrapezoidError() {
    long n = 400;                                      // ±1 fall between grid points
    SweepSpec spec = spec("x^3-3x", 0, 2, n, 1 << 19);
    Summary s = summarise(spec, 0, n);
    assertEquals(1, s.criticalPointCount());
    Summary.CriticalPoint p = s.criticalPoints().get(0);
    assertTrue(p.isMinimum());
    assertEquals(-1, p.zeroAt());
    double h = 2.0 / (n - 1);
    assertTrue(spec.grid().coordinate(0, p.low()) < 1 && spec.grid().coordinate(0, p.high()) > 1);
    assertEquals(h, spec.grid().coordinate(0, p.high()) - spec.grid().coordinate(0, p.low()), 1e-15);
    // ∫_0^2 x³−3x dx = −2, and for a cubic the trapezoid rule gives exactly −2 + h²/12·(f'(2) − f'(0)) = −2 + h².
    assertEquals(-2 + h * h, s.integral(spec.grid()), 1e-13);
  }

  @Test
  void partialSummariesMergeIntoTheWholeOne() {
    SweepSpec spec = spec("sin(5x)*x", -3, 3, 10_001, 13);
    Summary whole = summarise(spec, 0, 10_001);
    for (long cut : new long[] {1, 2000, 5000, 10_000}) {
      Summary merged = summarise(spec, 0, cut).merge(summarise(spec, cut, 10_001));
      assertEquals(whole.criticalPointCount(), merged.criticalPointCount(), "cut at " + cut);
      assertEquals(whole.criticalPoints(), merged.criticalPoints(), "cut at " + cut);
      assertEquals(whole.integral(spec.grid()), merged.integral(spec.grid()), 0.0, "exact sums merge exactly");
      for (int m = 0; m < 2; m++) {
        assertEquals(whole.column(m).argMin, merged.column(m).argMin);
        assertEquals(whole.column(m).argMax, merged.column(m).argMax);
      }
    }
    // against the sign changes of the closed form f'(x) = sin 5x + 5x cos 5x on the same grid
    long changes = 0;
    double previous = Double.NaN;
    for (long i = 0; i < 10_001; i++) {
      double x = spec.grid().coordinate(0, i);
      double d = Math.sin(5 * x) + 5 * x * Math.cos(5 * x);
      if (d != 0 && previous == previous && (d > 0) != (previous > 0)) {
        changes++;
      }
      previous = d != 0 ? d : previous;
    }
    assertEquals(changes, whole.criticalPointCount());
    assertEquals(11, changes);                        // x = 0 and 5 on each side (tan 5x = −5x)
  }

  @Test
  void nanAndInfiniteValuesAreCountedWithTheFirstX() {
    SweepSpec spec = spec("log x", -1, 1, 5, 2);      // x = −1, −0.5, 0, 0.5, 1
    Summary s = summarise(spec, 0, 5);
    assertEquals(2, s.column(0).nan);
    assertEquals(-1.0, spec.grid().coordinate(0, s.column(0).firstNan));
    assertEquals(1, s.column(0).negInf);
    assertEquals(0.0, spec.grid().coordinate(0, s.column(0).firstNegInf));
    assertEquals(1, s.column(1).posInf);              // d/dx log x = 1/x = +inf at 0
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    SummaryReport.print(new PrintStream(text, true, StandardCharsets.UTF_8), s, spec);
    String report = text.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("non-finite f: 2 NaN (first at x=-1.0), 1 -inf (first at x=0.0)"), report);
  }

  @Test
  void twoVariablesIntegrateOverTheGrid() {
    SweepSpec spec = new SweepSpec("x*y^2", new Grid(List.of(new Axis("x", 0, 2, 201), new Axis("y", -1, 1, 101)), false),
        DType.FLOAT64, false, 1000, SweepSpec.Evaluator.FUSED);
    Summary s = summarise(spec, 0, spec.grid().size());
    // ∫_0^2 x dx · ∫_{-1}^{1} y² dy = 2 · 2/3; the rule is exact in x and off by h²/6 · ... in y: (2/3 + hy²/3)·2
    double hy = 0.02;
    assertEquals(2 * (2.0 / 3 + hy * hy / 3), s.integral(spec.grid()), 1e-12);
    assertEquals(false, s.scansCriticalPoints());
  }
}
