package dev.fluxion.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial derivatives and second derivatives of two-variable sweeps against hand-derived formulas. */
class SeveralVariablesTest {
  interface Exact {
    double at(double x, double y);
  }

  /** f = x²y + sin(xy) and its derivatives, by hand. */
  static final Exact F = (x, y) -> x * x * y + Math.sin(x * y);
  static final Exact FX = (x, y) -> 2 * x * y + y * Math.cos(x * y);
  static final Exact FY = (x, y) -> x * x + x * Math.cos(x * y);
  static final Exact FXX = (x, y) -> 2 * y - y * y * Math.sin(x * y);
  static final Exact FXY = (x, y) -> 2 * x + Math.cos(x * y) - x * y * Math.sin(x * y);
  static final Exact FYY = (x, y) -> -x * x * Math.sin(x * y);

  static void check(SweepSpec spec, List<Exact> exact) {
    long seen = 0;
    try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
      for (Block b = s.next(); b != null; b = s.next()) {
        for (int i = 0; i < b.count; i++) {
          double x = b.coords[0][i];
          double y = b.coords[1][i];
          assertEquals(spec.grid().coordinate(0, b.start + i), x);
          assertEquals(spec.grid().coordinate(1, b.start + i), y);
          for (int m = 0; m < exact.size(); m++) {
            double want = exact.get(m).at(x, y);
            assertEquals(want, b.values[m][i], 1e-13 * Math.max(1, Math.abs(want)),
                spec.outputs().get(m) + " at x=" + x + ", y=" + y);
          }
        }
        seen += b.count;
      }
    }
    assertEquals(spec.grid().size(), seen);
  }

  @Test
  void gridPartialsMatchTheirFormulas() {
    Grid grid = new Grid(List.of(new Axis("x", 0, 1, 37), new Axis("y", -1, 1, 23)), false);
    SweepSpec spec = new SweepSpec("x^2*y + sin(x*y)", grid, DType.FLOAT64, false, 100, SweepSpec.Evaluator.FUSED);
    assertEquals(List.of("x", "y", "f", "df_dx", "df_dy"), spec.columns());
    check(spec, List.of(F, FX, FY));
  }

  @Test
  void hessianEntriesMatchTheirFormulas() {
    Grid grid = new Grid(List.of(new Axis("x", -2, 1, 11), new Axis("y", -1, 3, 9)), false);
    SweepSpec spec = new SweepSpec("x^2*y + sin(x*y)", grid, DType.FLOAT64, true, 17, SweepSpec.Evaluator.FUSED);
    assertEquals(List.of("f", "df_dx", "df_dy", "d2f_dx2", "d2f_dxdy", "d2f_dy2"), spec.outputs());
    check(spec, List.of(F, FX, FY, FXX, FXY, FYY));
  }

  @Test
  void zippedPointsArePairs() {
    Grid grid = new Grid(List.of(new Axis("x", 0, 1, 50), new Axis("y", 2, -2, 50)), true);
    assertEquals(50, grid.size());
    assertEquals(1.0, grid.coordinate(0, 49));
    assertEquals(-2.0, grid.coordinate(1, 49));
    SweepSpec spec = new SweepSpec("x^2*y + sin(x*y)", grid, DType.FLOAT64, false, 8, SweepSpec.Evaluator.EAGER);
    check(spec, List.of(F, FX, FY));
  }

  @Test
  void anyIdentifiersNameTheVariables() {
    Grid grid = new Grid(List.of(new Axis("theta", 0, 3, 7), new Axis("r_2", 1, 2, 3)), false);
    SweepSpec spec = new SweepSpec("r_2*sin(theta)", grid, DType.FLOAT64, false, 5, SweepSpec.Evaluator.FUSED);
    assertEquals(List.of("theta", "r_2", "f", "df_dtheta", "df_dr_2"), spec.columns());
    check(spec, List.of((t, r) -> r * Math.sin(t), (t, r) -> r * Math.cos(t), (t, r) -> Math.sin(t)));
  }
}
