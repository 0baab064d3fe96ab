package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.cli.formula.Formula;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep computes, independent of where it runs (one JVM or Spark tasks): a formula over a
 * grid of points, in one dtype, with its gradient and optionally its Hessian, block by block.
 *
 * @param formula the formula's text (parsed again where it runs)
 * @param block points per block: the size of every buffer the sweep reuses
 * @param evaluator how each block is computed: {@link Evaluator#COMPILED} (default), {@link Evaluator#FUSED} or {@link
 *     Evaluator#EAGER}
 */
public record SweepSpec(String formula, Grid grid, DType dtype, boolean hessian, int block, Evaluator evaluator)
    implements Serializable {
  /** Points per block by default: 4 MiB per FLOAT64 buffer. */
  public static final int DEFAULT_BLOCK = 1 << 19;

  /** The per-block function: the place where a compiled (jit) evaluator plugs in. */
  public enum Evaluator {
    /**
     * The eager forward pass and its vjp, compiled by {@code Autodiff.jitN} (traced at the first
     * block, replayed for the others): the default.
     */
    COMPILED,
    /** f and every partial derivative in one hand-written {@code Fused} pass (one kernel where the device has fused kernels). */
    FUSED,
    /** A forward pass and a reverse sweep on the tape, op by op (the reference). */
    EAGER
  }

  public SweepSpec {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException("--dtype must be float32 or float64, got " + dtype.numpyName());
    }
    if (block < 1) {
      throw new IllegalArgumentException("--block must be >= 1, got " + block);
    }
    parse(formula, grid);
  }

  /** The formula, parsed with the grid's variables. */
  public Formula parsedFormula() {
    return parse(formula, grid);
  }

  private static Formula parse(String formula, Grid grid) {
    return Formula.parse(formula, names(grid));
  }

  /** The variables' names, in the grid's order. */
  public List<String> variables() {
    return names(grid);
  }

  private static List<String> names(Grid grid) {
    return grid.axes().stream().map(Axis::name).toList();
  }

  /** The computed columns: f, df_dx for each variable x, then the Hessian's upper triangle (d2f_dx2, d2f_dxdy, ...). */
  public List<String> outputs() {
    List<String> names = variables();
    List<String> out = new ArrayList<>();
    out.add("f");
    for (String v : names) {
      out.add("df_d" + v);
    }
    if (hessian) {
      for (int i = 0; i < names.size(); i++) {
        for (int j = i; j < names.size(); j++) {
          out.add(i == j ? "d2f_d" + names.get(i) + "2" : "d2f_d" + names.get(i) + "d" + names.get(j));
        }
      }
    }
    return out;
  }

  /** Every column of a row: the variables, then {@link #outputs()}. */
  public List<String> columns() {
    List<String> all = new ArrayList<>(variables());
    all.addAll(outputs());
    return all;
  }

  /** The block size actually used for {@code points} points: never more than the points. */
  public int blockFor(long points) {
    return (int) Math.max(1, Math.min(block, points));
  }
}
