package dev.fluxion.cli;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import dev.fluxion.cli.formula.FormulaException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxion sweep FORMULA}: a formula in x and its derivative at many points, computed with
 * one vectorized forward pass and one backward pass.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = {
    "Evaluates FORMULA and its derivative at evenly spaced points with one vectorized forward",
    "and one backward pass, and prints x, f(x), f'(x) per point (or writes them with --out).",
    "Formulas use x, numbers, pi, e, + - * / ^, parentheses and the functions",
    "square sqrt exp log log1p expm1 sin cos tan asin acos atan sinh cosh tanh sigmoid relu",
    "abs sign sinc erf reciprocal; implicit products like 82x and sin x work."})
final class SweepCommand implements Callable<Integer> {
  static final long TIMING_THRESHOLD = 1_000_000;

  @Parameters(index = "0", paramLabel = "FORMULA", description = "e.g. \"exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)\"")
  String formula;

  @Option(names = "--from", required = true, description = "first point")
  double from;

  @Option(names = "--to", required = true, description = "last point")
  double to;

  @Option(names = "--points", required = true, description = "number of points (>= 1)")
  int points;

  @Option(names = "--dtype", defaultValue = "float64", description = "float64 (default) or float32")
  String dtype;

  @Option(names = "--device", description = "cpu (default), opencl[:N], cuda[:N]")
  String device;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "write x,f,df to a CSV file instead of printing the table")
  Path out;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "draw f and f' against x into a PNG")
  Path plot;

  @Option(names = "--quiet", description = "print no table (timings and files only)")
  boolean quiet;

  @Option(names = "--fused", description = {
      "compute f and f' in one fused pass over memory (dev.fluxion.Fused) instead of a forward",
      "pass and a backward pass on the tape; same values, much less memory traffic"})
  boolean fused;

  @Override
  public Integer call() throws IOException {
    Formula f;
    try {
      f = Formula.parse(formula);
    } catch (FormulaException e) {
      System.err.println("fluxion sweep: cannot parse the formula: " + e.getMessage());
      return 2;
    }
    if (points < 1) {
      System.err.println("fluxion sweep: --points must be >= 1, got " + points);
      return 2;
    }
    DType type = DType.parse(dtype);
    if (!type.isFloating()) {
      System.err.println("fluxion sweep: --dtype must be float32 or float64, got " + dtype);
      return 2;
    }
    Device dev = device == null ? Device.defaultDevice() : Device.of(device);
    Result r;
    try (Scope scope = Tensor.scope()) {
      r = evaluate(f, type, dev);
    }
    if (points > TIMING_THRESHOLD && fused) {
      System.err.printf(Locale.ROOT, "fused forward+backward: %.1f ms (%d points, %s, %s)%n",
          r.forwardNanos / 1e6, points, type.numpyName(), dev.name());
    } else if (points > TIMING_THRESHOLD) {
      System.err.printf(Locale.ROOT, "forward: %.1f ms, backward: %.1f ms (%d points, %s, %s)%n",
          r.forwardNanos / 1e6, r.backwardNanos / 1e6, points, type.numpyName(), dev.name());
    }
    if (out != null) {
      try (Writer w = Files.newBufferedWriter(out)) {
        writeRows(w, r, ',', true);
      }
      System.err.println("wrote " + points + " rows to " + out);
    } else if (!quiet) {
      PrintWriter w = new PrintWriter(new BufferedWriter(new java.io.OutputStreamWriter(System.out), 1 << 16));
      w.printf(Locale.ROOT, "%-24s %-24s %-24s%n", "x", "f(x)", "f'(x)");
      writeRows(w, r, ' ', false);
      w.flush();
    }
    if (plot != null) {
      SweepPlot.write(plot, formula, r.x, r.f, r.df);
      System.err.println("wrote plot to " + plot);
    }
    return 0;
  }

  /** The points with values and derivatives, and the time of each pass. */
  record Result(double[] x, double[] f, double[] df, long forwardNanos, long backwardNanos) {}

  Result evaluate(Formula f, DType type, Device dev) {
    if (fused) {
      return evaluateFused(f, type, dev);
    }
    long t0 = System.nanoTime();
    Tensor x = Tensor.linspace(type, dev, from, to, points);
    Tensor y = f.evaluate(new TensorAlgebra(x)).broadcastTo(points);
    dev.synchronize();
    long t1 = System.nanoTime();
    Tensor dy;
    if (y.isConstant()) {
      dy = Tensor.zerosLike(x);
    } else {
      y.backward();
      dy = x.grad();
    }
    dev.synchronize();
    long t2 = System.nanoTime();
    return new Result(x.toDoubleArray(), y.toDoubleArray(), dy.toDoubleArray(), t1 - t0, t2 - t1);
  }

  /** f and f' from one fused program (the time is reported as the forward pass's). */
  Result evaluateFused(Formula f, DType type, Device dev) {
    Fused program = Fused.of("sweep", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(x -> f.evaluate(new TensorAlgebra(x)), t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    long t0 = System.nanoTime();
    Tensor x = Tensor.linspace(type, dev, from, to, points).detach();
    Tensor[] out = program.apply(x);
    dev.synchronize();
    long t1 = System.nanoTime();
    return new Result(x.toDoubleArray(), out[0].toDoubleArray(), out[1].toDoubleArray(), t1 - t0, 0);
  }

  private static void writeRows(Writer w, Result r, char sep, boolean header) throws IOException {
    if (header) {
      w.write("x,f,df\n");
    }
    StringBuilder line = new StringBuilder(80);
    for (int i = 0; i < r.x.length; i++) {
      line.setLength(0);
      if (sep == ',') {
        line.append(r.x[i]).append(',').append(r.f[i]).append(',').append(r.df[i]).append('\n');
      } else {
        line.append(String.format(Locale.ROOT, "%-24s %-24s %-24s%n", r.x[i], r.f[i], r.df[i]));
      }
      w.append(line);
    }
  }
}
