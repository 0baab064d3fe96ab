package dev.fluxion.cli;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceMemoryException;
import dev.fluxion.cli.formula.FormulaException;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.OutputFormat;
import dev.fluxion.cli.sweep.SparkLaunch;
import dev.fluxion.cli.sweep.SparkRequest;
import dev.fluxion.cli.sweep.SweepMemory;
import dev.fluxion.cli.sweep.SweepRun;
import dev.fluxion.cli.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxion sweep FORMULA}: a formula and every partial derivative at the points of a range
 * or a grid, computed block by block in constant memory.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Evaluates FORMULA and every partial derivative at evenly spaced points, block by block in",
        "constant memory, and prints x, f(x), f'(x) per point, writes them (--out), summarises them",
        "(--summary) or plots them (--plot). One variable: x with --from, --to, --points. Several:",
        "--var NAME=FROM:TO:POINTS for each, swept over their grid (or paired with --zip).",
        "Formulas use the variables, numbers, pi, e, + - * / ^ (also **), parentheses and the",
        "functions square sqrt exp log log1p expm1 sin cos tan asin acos atan sinh cosh tanh sigmoid",
        "relu abs sign sinc erf reciprocal; implicit products like 82x and sin x work. A formula",
        "that starts with '-' is a formula, not an option: sweep \"-x^2\" --from 0 --to 1 --points 3."},
    footer = {"",
        "Examples:",
        "  fluxion sweep \"sin x\" --from 0 --to 3 --points 10",
        "  fluxion sweep \"x^3-3x\" --from -2 --to 2 --points 1000000000 --summary",
        "  fluxion sweep \"x^2*y + sin(x*y)\" --var x=0:1:1000 --var y=-1:1:500 --out grid.npy",
        "  fluxion sweep \"x^3-3x\" --from -2 --to 2 --points 100000000 --summary --spark \"local[2]\""})
public final class SweepCommand implements Callable<Integer> {
  static final long TIMING_THRESHOLD = 1_000_000;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FORMULA",
      description = "e.g. \"exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)\" or \"x^2*y + "
          + "sin(x*y)\"")
  String formula;

  @Option(names = "--from", paramLabel = "A", description = "first point of x (with --to and --points)")
  Double from;

  @Option(names = "--to", paramLabel = "B", description = "last point of x")
  Double to;

  @Option(names = "--points", paramLabel = "N", description = "number of points of x (>= 1; up to 2^63-1)")
  Long points;

  @Option(names = "--var", paramLabel = "NAME=FROM:TO:POINTS",
      description = "a variable and its points, e.g. x=0:1:1000 (repeat for each variable; pi and e may be "
          + "bounds). Replaces --from/--to/--points.")
  List<String> vars = new ArrayList<>();

  @Option(names = "--zip", description = "pair the variables' points (point i of each) instead of sweeping their grid")
  boolean zip;

  @Option(names = "--hessian", description = "also compute the second derivatives (vmap of Autodiff.hessian)")
  boolean hessian;

  @Option(names = "--dtype", defaultValue = "float64", description = "float64 (default) or float32")
  String dtype;

  @Option(names = "--device", description = "cpu (default), opencl[:N], cuda[:N]")
  String device;

  @Option(names = "--block", paramLabel = "N",
      description = "points per block: the size of every buffer the sweep reuses (default ${DEFAULT-VALUE})")
  int block = SweepSpec.DEFAULT_BLOCK;

  @Option(names = "--out", paramLabel = "FILE",
      description = "write the rows (x..., f, df_dx...) to FILE.csv, FILE.npy (a NumPy structured array) or "
          + "FILE.parquet, streamed block by block, instead of printing them")
  Path out;

  @Option(names = "--summary",
      description = "print min/max of f and of each derivative and where, the critical points (sign changes "
          + "of f'), the trapezoid integral of f and the NaN/inf counts, storing no points")
  boolean summary;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "draw f and f' against x (min/max per pixel column, so spikes stay visible), or for two "
          + "variables a heat map of f with gradient arrows")
  Path plot;

  @Option(names = "--quiet", description = "print no table (timings, summary and files only)")
  boolean quiet;

  @Option(names = "--fused", description = "the default (compiled) evaluator; kept for scripts that pass it")
  boolean fused;

  @Option(names = "--hand-fused", hidden = true,
      description = "compute each block with the hand-written Fused program (dev.fluxion.Fused), for benchmarks")
  boolean handFused;

  @Option(names = "--eager", description = "compute each block with a forward pass and a backward pass on the tape,"
      + " op by op (the default compiles them: Autodiff.jit traces the first block and replays it for the others)")
  boolean eager;

  @Option(names = "--spark", paramLabel = "MASTER",
      description = "run the sweep as an Apache Spark job: local[N] (embedded), spark://HOST:PORT, yarn or "
          + "k8s://URL (through spark-submit); needs the fluxion-spark module and --summary or --out")
  String spark;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Spark tasks to split the points into (default: one per core of the cluster)")
  Integer partitions;

  /** Lets a formula that starts with '-' be the FORMULA rather than an unknown option. */
  static void configure(CommandLine sweep) {
    sweep.setUnmatchedOptionsArePositionalParams(true);
  }

  @Override
  public Integer call() throws IOException {
    SweepSpec sweep;
    OutputFormat format;
    Device dev = null;
    try {
      sweep = spec();
      if (spark == null || out == null || !out.toString().contains("://")) {
        SweepRun.checkWritable(out, "--out");
      }
      format = out == null ? null : OutputFormat.of(out, spark != null);
      if (plot != null) {
        SweepRun.checkPlot(plot, sweep);
      }
      if (spark != null) {
        return runOnSpark(sweep);
      }
      dev = device == null ? Device.defaultDevice() : Device.of(device);
      SweepMemory.check(sweep, dev);
    } catch (FormulaException e) {
      System.err.println("fluxion sweep: cannot parse the formula: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException | dev.fluxion.DeviceUnavailableException e) {
      System.err.println("fluxion sweep: " + e.getMessage());
      return 2;
    }
    try {
      SweepRun run = new SweepRun(sweep, dev, out, format, plot, summary, !quiet && out == null && !summary);
      run.execute(System.out, System.err);
      return 0;
    } catch (OutOfMemoryError | DeviceMemoryException e) {
      System.err.println("fluxion sweep: " + SweepMemory.advice(sweep, dev, e));
      return 1;
    }
  }

  private int runOnSpark(SweepSpec sweep) {
    if (plot != null) {
      throw new IllegalArgumentException("--plot is not available with --spark (use --out FILE.parquet or --summary)");
    }
    if (out == null && !summary) {
      throw new IllegalArgumentException("--spark needs --summary or --out FILE.parquet (or FILE.csv)");
    }
    if (partitions != null && partitions < 1) {
      throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
    }
    SparkRequest request = new SparkRequest(sweep, spark, out == null ? null : out.toString(), summary,
        partitions == null ? 0 : partitions, device, quiet);
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals("sweep")) {
      args.remove(0);
    }
    return SparkLaunch.run(request, args, System.out, System.err);
  }

  /** The sweep the options describe, every option checked (IllegalArgumentException naming the problem). */
  SweepSpec spec() {
    DType type;
    try {
      type = DType.parse(dtype);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--dtype must be float32 or float64, got " + dtype);
    }
    if (!type.isFloating()) {
      throw new IllegalArgumentException("--dtype must be float32 or float64, got " + dtype);
    }
    if ((fused || handFused) && eager) {
      throw new IllegalArgumentException("--fused and --eager exclude each other");
    }
    if (block < 1) {
      throw new IllegalArgumentException("--block must be >= 1, got " + block);
    }
    Grid grid = grid();
    return new SweepSpec(formula, grid, type, hessian, block,
        eager ? SweepSpec.Evaluator.EAGER : handFused ? SweepSpec.Evaluator.FUSED : SweepSpec.Evaluator.COMPILED);
  }

  private Grid grid() {
    boolean single = from != null || to != null || points != null;
    if (single && !vars.isEmpty()) {
      throw new IllegalArgumentException("give either --from/--to/--points (for x) or --var NAME=FROM:TO:POINTS, not both");
    }
    if (single) {
      if (from == null || to == null || points == null) {
        throw new IllegalArgumentException("--from, --to and --points go together; missing "
            + (from == null ? "--from" : to == null ? "--to" : "--points"));
      }
      if (points < 1) {
        throw new IllegalArgumentException("--points must be >= 1, got " + points);
      }
      if (!Double.isFinite(from) || !Double.isFinite(to)) {
        throw new IllegalArgumentException("--from and --to must be finite, got " + from + " and " + to);
      }
      if (zip) {
        throw new IllegalArgumentException("--zip pairs the points of several --var variables; with --from/--to there is one");
      }
      return Grid.of(new Axis("x", from, to, points));
    }
    if (vars.isEmpty()) {
      throw new IllegalArgumentException("give the points: --from A --to B --points N (for x), or --var NAME=FROM:TO:POINTS "
          + "for each variable");
    }
    List<Axis> axes = new ArrayList<>();
    for (String v : vars) {
      Axis a = Axis.parse(v);
      dev.fluxion.cli.formula.Formula.checkVariableName(a.name());
      axes.add(a);
    }
    return new Grid(axes, zip);
  }
}
