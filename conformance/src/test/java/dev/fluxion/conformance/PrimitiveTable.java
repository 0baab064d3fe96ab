package dev.fluxion.conformance;

import static dev.fluxion.conformance.Data.awayFromZero;
import static dev.fluxion.conformance.Data.uniform;

import dev.fluxion.DType;
import dev.fluxion.GradCheck;
import dev.fluxion.Linalg;
import dev.fluxion.Tensor;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Every primitive, reached through the Tensor method that users call, with an input domain on
 * which it is smooth (JAX's {@code LAX_GRAD_OPS}). {@code op} names the SPI token a row covers,
 * so that a test can check that no token is missing.
 */
final class PrimitiveTable {
  private PrimitiveTable() {}

  /** Makes the inputs of one row (FLOAT64 variables on the default device). */
  interface Inputs {
    Tensor[] make(Random r);
  }

  /**
   * One row.
   *
   * @param name shown in test names
   * @param op the SPI token ({@link UnaryOp}, {@link BinaryOp}, {@link ReduceOp}) or null
   * @param f the function of the inputs
   * @param inputs makes the inputs
   * @param float32 whether the row computes in FLOAT32 on purpose (about 7 digits)
   */
  record Row(String name, Enum<?> op, Function<Tensor[], Tensor> f, Inputs inputs, boolean float32) {
    /** FLOAT64 defaults; a FLOAT32 row needs a larger step for its rounding to stay small. */
    GradCheck check() {
      return float32 ? GradCheck.with(1e-3, 1e-4, 1e-3) : GradCheck.defaults();
    }

    /** Relative precision of the row's arithmetic. */
    double precision() {
      return float32 ? 1e-5 : 1e-10;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Data.Domain ANY = uniform(-2, 2);

  static final List<Row> ROWS = build();

  private static Row unary(UnaryOp op, Data.Domain d, Function<Tensor, Tensor> f) {
    return new Row(op.name().toLowerCase(java.util.Locale.ROOT), op, x -> f.apply(x[0]),
        r -> new Tensor[] {Data.variable(r, d, 2, 3)}, false);
  }

  private static Row row(String name, Function<Tensor[], Tensor> f, Inputs inputs) {
    return new Row(name, null, f, inputs, false);
  }

  private static Row reduction(String name, ReduceOp op, Function<Tensor[], Tensor> f, Inputs inputs) {
    return new Row(name, op, f, inputs, false);
  }

  private static Inputs one(Data.Domain d, long... shape) {
    return r -> new Tensor[] {Data.variable(r, d, shape)};
  }

  private static Inputs distinct(long... shape) {
    return r -> new Tensor[] {Tensor.from(Data.distinct(r, (int) dev.fluxion.Shape.size(shape)), shape)};
  }

  private static List<Row> build() {
    List<Row> rows = new ArrayList<>();
    // ---- unary elementwise: every UnaryOp
    rows.add(unary(UnaryOp.NEG, ANY, Tensor::neg));
    rows.add(unary(UnaryOp.EXP, ANY, Tensor::exp));
    rows.add(unary(UnaryOp.LOG, uniform(0.2, 3), Tensor::log));
    rows.add(unary(UnaryOp.SIN, ANY, Tensor::sin));
    rows.add(unary(UnaryOp.COS, ANY, Tensor::cos));
    rows.add(unary(UnaryOp.TAN, uniform(-1.2, 1.2), Tensor::tan));
    rows.add(unary(UnaryOp.ASIN, uniform(-0.9, 0.9), Tensor::asin));
    rows.add(unary(UnaryOp.ACOS, uniform(-0.9, 0.9), Tensor::acos));
    rows.add(unary(UnaryOp.ATAN, ANY, Tensor::atan));
    rows.add(unary(UnaryOp.SINH, ANY, Tensor::sinh));
    rows.add(unary(UnaryOp.COSH, ANY, Tensor::cosh));
    rows.add(unary(UnaryOp.TANH, ANY, Tensor::tanh));
    rows.add(unary(UnaryOp.SQRT, uniform(0.2, 3), Tensor::sqrt));
    rows.add(unary(UnaryOp.RECIPROCAL, awayFromZero(0.3, 2), Tensor::reciprocal));
    rows.add(unary(UnaryOp.ABS, awayFromZero(0.1, 2), Tensor::abs));
    rows.add(unary(UnaryOp.SIGN, awayFromZero(0.1, 2), Tensor::sign));
    rows.add(unary(UnaryOp.SIGMOID, ANY, Tensor::sigmoid));
    rows.add(unary(UnaryOp.RELU, awayFromZero(0.1, 2), Tensor::relu));
    rows.add(unary(UnaryOp.LOG1P, uniform(-0.8, 3), Tensor::log1p));
    rows.add(unary(UnaryOp.EXPM1, ANY, Tensor::expm1));
    rows.add(unary(UnaryOp.ERF, ANY, Tensor::erf));

    // ---- binary arithmetic: every non-comparison BinaryOp
    for (ArithmeticOps a : ArithmeticOps.values()) {
      rows.add(new Row(a.name().toLowerCase(java.util.Locale.ROOT), a.op, x -> a.apply(x[0], x[1]),
          r -> new Tensor[] {Data.variable(r, a.domainA, 2, 3), Data.variable(r, a.domainB, 2, 3)}, false));
    }
    rows.add(row("add scalar", x -> x[0].add(1.5), one(ANY, 3)));
    rows.add(row("rsub scalar", x -> x[0].rsub(1.5), one(ANY, 3)));
    rows.add(row("rdiv scalar", x -> x[0].rdiv(1.5), one(awayFromZero(0.5, 2), 3)));
    rows.add(row("pow scalar", x -> x[0].pow(2.5), one(uniform(0.3, 2), 3)));
    rows.add(row("where", x -> Tensor.where(Tensor.of(true, false, true, false).reshape(2, 2), x[0], x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 2), Data.variable(r, ANY, 2)}));

    // ---- reductions
    rows.add(reduction("sum all", ReduceOp.SUM, x -> x[0].sum(), one(ANY, 2, 3, 2)));
    rows.add(reduction("sum axis 1", ReduceOp.SUM, x -> x[0].sum(1), one(ANY, 2, 3, 2)));
    rows.add(reduction("sum axes 0,2 keepDims", ReduceOp.SUM, x -> x[0].sum(true, 0, 2), one(ANY, 2, 3, 2)));
    rows.add(reduction("max all", ReduceOp.MAX, x -> x[0].max(), distinct(2, 3, 2)));
    rows.add(reduction("max axis -1", ReduceOp.MAX, x -> x[0].max(-1), distinct(2, 3, 2)));
    rows.add(reduction("min axes 0,1", ReduceOp.MIN, x -> x[0].min(0, 1), distinct(2, 3, 2)));
    rows.add(reduction("min axis 1 keepDims", ReduceOp.MIN, x -> x[0].min(true, 1), distinct(2, 3, 2)));

    // ---- movement
    rows.add(row("reshape", x -> x[0].reshape(3, -1), one(ANY, 2, 3, 2)));
    rows.add(row("expandDims+squeeze", x -> x[0].expandDims(1).squeeze(), one(ANY, 2, 3)));
    rows.add(row("transpose", x -> x[0].T(), one(ANY, 2, 3)));
    rows.add(row("permute", x -> x[0].transpose(1, 2, 0), one(ANY, 2, 3, 4)));
    rows.add(row("broadcastTo", x -> x[0].broadcastTo(2, 3, 4), one(ANY, 3, 1)));
    rows.add(row("slice step 2", x -> x[0].slice(1, 1, 6, 2), one(ANY, 2, 7)));
    rows.add(row("slice step -2", x -> x[0].slice(1, -1, 0, -2), one(ANY, 2, 7)));
    rows.add(row("slice two axes", x -> x[0].slice(0, 2, 0, -1).slice(1, -3, 10, 1), one(ANY, 3, 5)));
    rows.add(row("flip", x -> x[0].flip(0, 1), one(ANY, 2, 3)));
    rows.add(row("get", x -> x[0].get(1, -1), one(ANY, 2, 3, 2)));
    rows.add(row("pad", x -> x[0].pad(new long[] {1, 0}, new long[] {2, 3}, 0.5), one(ANY, 2, 3)));
    rows.add(row("concat", x -> Tensor.concat(1, x[0], x[1], x[0]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 1), Data.variable(r, ANY, 2, 3)}));
    rows.add(row("stack", x -> Tensor.stack(0, x[0], x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 3), Data.variable(r, ANY, 3)}));
    rows.add(row("copy", x -> x[0].copy(), one(ANY, 2, 3)));

    // ---- linear algebra
    rows.add(row("matmul", x -> x[0].matmul(x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 3, 4)}));
    rows.add(row("matmul batched", x -> x[0].matmul(x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 1, 2, 3), Data.variable(r, ANY, 3, 3, 2)}));

    // ---- dense linear algebra (Linalg): every LinalgOp, batched and broadcast
    addLinalgRows(rows);

    // ---- constant operands: the rules' paths for an input without tangent or cotangent
    rows.add(row("mul by constant", x -> x[0].mul(Tensor.constant(0.5, -1.5, 2.0)), one(ANY, 2, 3)));
    rows.add(row("constant minus", x -> Tensor.constant(0.5, -1.5, 2.0).sub(x[0]), one(ANY, 2, 3)));
    rows.add(row("constant over", x -> Tensor.constant(0.5, -1.5, 2.0).div(x[0]), one(awayFromZero(0.5, 2), 2, 3)));
    rows.add(row("constant pow", x -> Tensor.constant(0.5, 1.5, 2.0).pow(x[0]), one(ANY, 2, 3)));
    rows.add(row("where constant branch", x -> Tensor.where(Tensor.of(true, false, true), x[0], Tensor.constant(7.0)),
        one(ANY, 2, 3)));
    rows.add(row("concat with constant", x -> Tensor.concat(0, x[0], Tensor.constant(new double[][] {{1, 2, 3}})),
        one(ANY, 2, 3)));
    rows.add(row("matmul constant @ x", x -> Tensor.constant(new double[][] {{1, -2}, {0.5, 3}}).matmul(x[0]),
        one(ANY, 2, 3)));
    rows.add(row("max with constant", x -> x[0].maximum(Tensor.constant(0.125, -0.125, 0.375)), one(Data.grid(0), 2, 3)));

    // ---- indexing: gather, scatter-add, setitem (indices are constants; repeated ones accumulate)
    rows.add(row("take axis 1", x -> x[0].take(1, Tensor.of(2L, 0L, -1L, 2L)), one(ANY, 2, 3)));
    rows.add(row("take 2-d indices", x -> x[0].take(0, Tensor.from(new long[] {1, 0, -2, 1}, 2, 2)), one(ANY, 3, 2)));
    rows.add(row("take 0-d index", x -> x[0].take(-1, Tensor.of(-3L)), one(ANY, 2, 3)));
    rows.add(row("get int32 indices", x -> x[0].get(Tensor.of(1, -3, 1)), one(ANY, 3, 2)));
    rows.add(row("takeAlongAxis", x -> x[0].takeAlongAxis(1, Tensor.from(new long[] {0, 2, 2, 1, 0, 0}, 2, 3)), one(ANY, 2, 3)));
    rows.add(row("takeAlongAxis broadcast", x -> x[0].takeAlongAxis(1, Tensor.from(new long[] {3, -4}, 1, 2)), one(ANY, 3, 4)));
    rows.add(row("mask", x -> x[0].mask(Tensor.from(new boolean[] {true, false, true, true, false, true}, 2, 3)), one(ANY, 2, 3)));
    rows.add(row("mask leading axis", x -> x[0].get(Tensor.of(false, true, true)), one(ANY, 3, 2)));
    rows.add(row("scatterAdd", x -> x[0].scatterAdd(1, Tensor.from(new long[] {2, 2, 0, -1}, 2, 2), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 2, 2)}));
    rows.add(row("scatterAdd broadcast values", x -> x[0].scatterAdd(0, Tensor.from(new long[] {1, 1, 0}, 1, 3), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 3)}));
    rows.add(row("indexAdd", x -> x[0].indexAdd(0, Tensor.of(2L, 0L, 2L), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 3, 2), Data.variable(r, ANY, 3, 2)}));
    rows.add(row("set index", x -> x[0].set(new long[] {1}, x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 3, 2), Data.variable(r, ANY, 2)}));
    rows.add(row("set index broadcast", x -> x[0].set(new long[] {0, -1}, x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3, 2), Data.variable(r, ANY, 1)}));
    rows.add(row("set slice step 2", x -> x[0].set(1, 0, 5, 2, x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 5), Data.variable(r, ANY, 2, 3)}));
    rows.add(row("set slice step -1", x -> x[0].set(1, 3, 0, -1, x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 5), Data.variable(r, ANY, 3)}));
    rows.add(row("set rows", x -> x[0].set(Tensor.of(2L, 0L, -1L), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 3, 2), Data.variable(r, ANY, 3, 2)}));
    rows.add(row("set mask", x -> x[0].set(Tensor.from(new boolean[] {true, false, true, true, false, true}, 2, 3), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 4)}));
    rows.add(row("set mask broadcast", x -> x[0].set(Tensor.of(true, false, true), x[1]),
        r -> new Tensor[] {Data.variable(r, ANY, 3, 2), Data.variable(r, ANY, 2)}));

    // ---- custom derivative rules (a VJP rule only is covered by CustomRuleTests: it refuses forward mode)
    rows.add(row("customVjp with jvp rule", x -> CustomRules.LOG1PEXP_BOTH.apply(x[0]), one(awayFromZero(0.1, 3), 2, 3)));
    rows.add(row("customJvp", x -> CustomRules.LOG1PEXP_JVP.apply(x[0]), one(awayFromZero(0.1, 3), 2, 3)));
    rows.add(row("customVjpN two arguments", CustomRules.A_SIN_B,
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 3)}));
    rows.add(row("customJvpN two arguments", CustomRules.A_SIN_B_JVP,
        r -> new Tensor[] {Data.variable(r, ANY, 2, 3), Data.variable(r, ANY, 3)}));

    // ---- casts (a FLOAT32 round trip keeps about 7 digits)
    rows.add(new Row("cast float32 and back", null, x -> x[0].to(DType.FLOAT32).mul(3f).to(DType.FLOAT64),
        one(ANY, 2, 3), true));
    return List.copyOf(rows);
  }

  /**
   * Well-conditioned matrices {@code (..., n, n)}: entries in [−0.5, 0.5) plus ±3 on the diagonal
   * (random signs, so determinants of both signs), far from singular; with {@code positiveDiagonal}
   * the diagonal is +3 and the symmetric part is positive definite (Gershgorin).
   */
  private static Tensor matrices(Random r, boolean positiveDiagonal, long... shape) {
    double[] data = Data.sample(r, uniform(-0.5, 0.5), shape);
    int n = (int) shape[shape.length - 1];
    for (int at = 0; at < data.length; at += n * n) {
      for (int i = 0; i < n; i++) {
        data[at + i * n + i] += positiveDiagonal || r.nextBoolean() ? 3 : -3;
      }
    }
    return Tensor.from(data, shape);
  }

  private static Row linalg(String name, LinalgOp op, Function<Tensor[], Tensor> f, Inputs inputs) {
    return new Row(name, op, f, inputs, false);
  }

  private static void addLinalgRows(List<Row> rows) {
    rows.add(linalg("solve", LinalgOp.SOLVE, x -> Linalg.solve(x[0], x[1]),
        r -> new Tensor[] {matrices(r, false, 3, 3), Data.variable(r, ANY, 3, 2)}));
    rows.add(linalg("solve vector b", LinalgOp.SOLVE, x -> Linalg.solve(x[0], x[1]),
        r -> new Tensor[] {matrices(r, false, 3, 3), Data.variable(r, ANY, 3)}));
    rows.add(linalg("solve batch axes broadcast", LinalgOp.SOLVE, x -> Linalg.solve(x[0], x[1]),
        r -> new Tensor[] {matrices(r, false, 2, 1, 2, 2), Data.variable(r, ANY, 3, 2, 1)}));
    rows.add(linalg("inv", LinalgOp.SOLVE, x -> Linalg.inv(x[0]), r -> new Tensor[] {matrices(r, false, 3, 3)}));
    rows.add(linalg("inv batched", LinalgOp.SOLVE, x -> Linalg.inv(x[0]), r -> new Tensor[] {matrices(r, false, 2, 2, 2)}));
    rows.add(linalg("det", LinalgOp.DET, x -> Linalg.det(x[0]), r -> new Tensor[] {matrices(r, false, 3, 3)}));
    rows.add(linalg("det batched", LinalgOp.DET, x -> Linalg.det(x[0]), r -> new Tensor[] {matrices(r, false, 2, 3, 3)}));
    rows.add(linalg("slogdet log|det|", LinalgOp.SLOGDET, x -> Linalg.slogdet(x[0])[1],
        r -> new Tensor[] {matrices(r, false, 2, 3, 3)}));
    rows.add(linalg("slogdet sign·log|det|", LinalgOp.SLOGDET, x -> {
      Tensor[] s = Linalg.slogdet(x[0]);
      return s[0].mul(s[1]);
    }, r -> new Tensor[] {matrices(r, false, 3, 3)}));
    rows.add(linalg("cholesky", LinalgOp.CHOLESKY, x -> Linalg.cholesky(x[0]), r -> new Tensor[] {matrices(r, true, 3, 3)}));
    rows.add(linalg("cholesky batched", LinalgOp.CHOLESKY, x -> Linalg.cholesky(x[0]),
        r -> new Tensor[] {matrices(r, true, 2, 2, 2)}));
    rows.add(linalg("solveTriangular lower", LinalgOp.SOLVE_LOWER, x -> Linalg.solveTriangular(x[0], x[1], true),
        r -> new Tensor[] {matrices(r, false, 3, 3), Data.variable(r, ANY, 3, 2)}));
    rows.add(linalg("solveTriangular upper, vector b", LinalgOp.SOLVE_UPPER, x -> Linalg.solveTriangular(x[0], x[1], false),
        r -> new Tensor[] {matrices(r, false, 2, 3, 3), Data.variable(r, ANY, 3)}));
  }

  /**
   * The primitives without derivative (comparisons to BOOL, argmax and argmin to INT64): they
   * still need batching rules, and the derivative transforms treat them as constants.
   */
  static final List<Row> NON_DIFFERENTIABLE = buildNonDifferentiable();

  private static Row comparison(BinaryOp op, Function<Tensor[], Tensor> f) {
    Inputs grid = r -> new Tensor[] {Data.variable(r, Data.grid(0), 2, 3), Data.variable(r, Data.grid(0), 3)};
    return new Row(op.name().toLowerCase(java.util.Locale.ROOT), op, f, grid, false);
  }

  private static List<Row> buildNonDifferentiable() {
    List<Row> rows = new ArrayList<>();
    rows.add(comparison(BinaryOp.LT, x -> x[0].lt(x[1])));
    rows.add(comparison(BinaryOp.LE, x -> x[0].le(x[1])));
    rows.add(comparison(BinaryOp.GT, x -> x[0].gt(x[1])));
    rows.add(comparison(BinaryOp.GE, x -> x[0].ge(x[1])));
    rows.add(comparison(BinaryOp.EQ, x -> x[0].eq(x[1])));
    rows.add(comparison(BinaryOp.NE, x -> x[0].ne(x[1])));
    rows.add(new Row("argmax axis 1", ReduceOp.ARGMAX, x -> x[0].argmax(1), distinct(2, 3, 2), false));
    rows.add(new Row("argmin axis 0", ReduceOp.ARGMIN, x -> x[0].argmin(0), distinct(2, 3, 2), false));
    return List.copyOf(rows);
  }
}
