import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Block;
import dev.fluxion.cli.sweep.BlockStream;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.SweepSpec;
import java.util.List;
import java.util.Locale;

/**
 * f(x, y) = x²y + sin(xy) and its gradient over a 2000×2000 grid with the streaming sweep (the
 * points, f, ∂f/∂x, ∂f/∂y read back to the host block by block), timed in one JVM: the first run
 * (cold) and the best of five warm runs. Run by benchmarks/sweeps/run.sh.
 */
public final class GridSweepBench {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Grid grid = new Grid(List.of(new Axis("x", 0, 1, n), new Axis("y", -1, 1, n)), false);
    SweepSpec spec = new SweepSpec("x^2*y + sin(x*y)", grid, DType.FLOAT64, false, SweepSpec.DEFAULT_BLOCK,
        SweepSpec.Evaluator.FUSED);
    double best = Double.POSITIVE_INFINITY;
    double first = 0;
    double check = 0;
    for (int run = 0; run < 6; run++) {
      long t0 = System.nanoTime();
      double sum = 0;
      try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, grid.size())) {
        for (Block b = s.next(); b != null; b = s.next()) {
          if (b.start == 0) {
            sum += b.values[2][0];                        // df/dy at the first point
          }
          if (b.start + b.count == grid.size()) {
            sum += b.values[1][b.count - 1];              // df/dx at the last point
          }
        }
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      if (run == 0) {
        first = ms;
      } else {
        best = Math.min(best, ms);
      }
      check = sum;
    }
    System.out.printf(Locale.ROOT, "fluxion grid %dx%d f+grad: first %.1f ms, best warm %.1f ms (check %.6f)%n", n, n,
        first, best, check);
  }
}
