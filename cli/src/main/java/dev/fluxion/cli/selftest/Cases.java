package dev.fluxion.cli.selftest;

import dev.fluxion.DType;
import dev.fluxion.Linalg;
import dev.fluxion.Fused;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The self-test's built-in set: every primitive of the engine (each unary and binary op, the
 * comparisons, where, fused programs, the reductions, the movement ops, gather and scatter-add, matmul, creation and casts), reached
 * through the Tensor methods users call, on small shapes with broadcasting.
 */
final class Cases {
  private static final double[] ANY = {-2, 2};
  private static final double[] POSITIVE = {0.3, 2};
  /** Multiples of 0.5 in [-2, 2): comparisons meet ties. */
  private static final double[] GRID = {-2, 2, 0.5};

  /** A fused program with broadcasting, a comparison, where and two outputs (one generated kernel or the interpreter). */
  private static final Fused FUSED_MIX = Fused.of("selftest mix", 2, t -> new Tensor[] {
      Tensor.where(t[0].gt(t[1]), t[0].sin().mul(t[1].exp()), t[1].square()).add(t[0].tanh()), t[0].mul(t[1])});

  /** A fused program ending in a row sum. */
  private static final Fused FUSED_ROWS = Fused.of("selftest rows", 2, t -> new Tensor[] {t[0].sin().sub(t[1]).square().sum(1)});

  private Cases() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) {
      UnaryOperator<Tensor> f = unary(op);
      cases.add(new Case(op.name().toLowerCase(Locale.ROOT), (d, t, x) -> f.apply(x[0]), domain(op), true, shape(3, 4)));
    }
    binary(cases, "add", Tensor::add);
    binary(cases, "sub", Tensor::sub);
    binary(cases, "mul", Tensor::mul);
    binary(cases, "div", Tensor::div);
    binary(cases, "pow", Tensor::pow);
    binary(cases, "maximum", Tensor::maximum);
    binary(cases, "minimum", Tensor::minimum);
    binary(cases, "atan2", Tensor::atan2);
    cases.add(new Case("scalar operands", (d, t, x) -> x[0].mul(2.5).rsub(1).rdiv(3).add(0.5), POSITIVE, true, shape(3, 4)));
    comparison(cases, "lt", Tensor::lt);
    comparison(cases, "le", Tensor::le);
    comparison(cases, "gt", Tensor::gt);
    comparison(cases, "ge", Tensor::ge);
    comparison(cases, "eq", Tensor::eq);
    comparison(cases, "ne", Tensor::ne);
    cases.add(new Case("where", (d, t, x) -> Tensor.where(x[0].gt(x[1]), x[0], x[1].square()), ANY, true, shape(3, 4), shape(4)));
    cases.add(new Case("fused program", (d, t, x) -> {
      Tensor[] r = FUSED_MIX.apply(x[0], x[1]);
      return r[0].mul(r[1]);
    }, ANY, true, shape(3, 4), shape(4)));
    cases.add(new Case("fused row sums", (d, t, x) -> FUSED_ROWS.apply(x[0], x[1])[0], ANY, true, shape(3, 40), shape(40)));
    cases.add(new Case("sum all", (d, t, x) -> x[0].sum(), ANY, true, shape(3, 4, 5)));
    cases.add(new Case("sum axes 0,2", (d, t, x) -> x[0].sum(0, 2), ANY, true, shape(3, 4, 5)));
    cases.add(new Case("max axis 1", (d, t, x) -> x[0].max(1), ANY, true, shape(3, 4, 5)));
    cases.add(new Case("min axis 2 keepDims", (d, t, x) -> x[0].min(true, 2), ANY, true, shape(3, 4, 5)));
    cases.add(new Case("sum of 5000 (tree)", (d, t, x) -> x[0].sum(1), ANY, true, shape(2, 5000)));
    cases.add(new Case("argmax axis 1", (d, t, x) -> x[0].argmax(1), ANY, false, shape(3, 4, 5)));
    cases.add(new Case("argmin axis 0", (d, t, x) -> x[0].argmin(0), ANY, false, shape(3, 4, 5)));
    cases.add(new Case("reshape", (d, t, x) -> x[0].reshape(4, -1).exp(), ANY, true, shape(2, 3, 4)));
    cases.add(new Case("permute", (d, t, x) -> x[0].transpose(2, 0, 1).mul(x[0].transpose(2, 0, 1)), ANY, true, shape(2, 3, 4)));
    cases.add(new Case("broadcastTo", (d, t, x) -> x[0].broadcastTo(2, 3, 4).sin(), ANY, true, shape(3, 1)));
    cases.add(new Case("slice and flip", (d, t, x) -> x[0].slice(1, 1, 7, 2).flip(0).exp(), ANY, true, shape(3, 8)));
    cases.add(new Case("pad", (d, t, x) -> x[0].pad(new long[] {1, 0}, new long[] {2, 3}, 0.5).square(), ANY, true, shape(2, 3)));
    cases.add(new Case("concat", (d, t, x) -> Tensor.concat(1, x[0], x[1].cos(), x[0]), ANY, true, shape(2, 1), shape(2, 3)));
    cases.add(new Case("take (gather)", (d, t, x) -> x[0].take(1, Tensor.of(3L, 0L, -1L, 3L).to(d)).exp(), ANY, true, shape(3, 4)));
    cases.add(new Case("takeAlongAxis", (d, t, x) -> x[0].takeAlongAxis(1, Tensor.from(new long[] {2, 0, 1}, 3, 1).to(d)), ANY, true,
        shape(3, 4)));
    cases.add(new Case("indexAdd (scatter-add)", (d, t, x) -> x[0].indexAdd(0, Tensor.of(1L, 1L, -3L).to(d), x[1]), ANY, true,
        shape(3, 4), shape(3, 4)));
    cases.add(new Case("set and mask", (d, t, x) -> x[0].set(new long[] {1}, x[1]).mask(x[0].gt(0)), ANY, true, shape(3, 4), shape(4)));
    cases.add(new Case("matmul", (d, t, x) -> x[0].matmul(x[1]), ANY, true, shape(5, 7), shape(7, 3)));
    cases.add(new Case("matmul transposed", (d, t, x) -> x[0].T().matmul(x[1].T()), ANY, true, shape(7, 5), shape(3, 7)));
    cases.add(new Case("matmul batched broadcast", (d, t, x) -> x[0].matmul(x[1]), ANY, true, shape(2, 1, 4, 6), shape(3, 6, 5)));
    cases.add(new Case("matmul 70x70 (tiles)", (d, t, x) -> x[0].matmul(x[1]), ANY, true, shape(70, 70), shape(70, 70)));
    // ---- Linear algebra (issue 14): inputs made well conditioned by n·I on the diagonal
    cases.add(new Case("linalg solve batched", (d, t, x) -> Linalg.solve(x[0].add(Tensor.eye(t, d, 4).mul(4.0)), x[1]), ANY, true,
        shape(2, 4, 4), shape(4, 3)));
    cases.add(new Case("linalg inv 40x40", (d, t, x) -> Linalg.inv(x[0].add(Tensor.eye(t, d, 40).mul(40.0))), ANY, true, shape(40, 40)));
    cases.add(new Case("linalg det, slogdet", (d, t, x) -> {
      Tensor a = x[0].add(Tensor.eye(t, d, 3).mul(3.0));
      return Linalg.det(a).add(Linalg.slogdet(a)[1]);
    }, ANY, true, shape(2, 3, 3)));
    cases.add(new Case("linalg cholesky", (d, t, x) -> Linalg.cholesky(x[0].matmul(x[0].swapAxes(-1, -2))
        .add(Tensor.eye(t, d, 5).mul(5.0))), ANY, true, shape(3, 5, 5)));
    cases.add(new Case("linalg solveTriangular", (d, t, x) -> Linalg.solveTriangular(x[0].add(Tensor.eye(t, d, 4).mul(4.0)), x[1], true)
        .add(Linalg.solveTriangular(x[0].add(Tensor.eye(t, d, 4).mul(4.0)), x[1], false)), ANY, true, shape(4, 4), shape(4, 2)));
    // ---- end of linear algebra
    cases.add(new Case("cast", (d, t, x) -> x[0].to(t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32).mul(3).to(t), ANY, true,
        shape(3, 4)));
    cases.add(new Case("full, arange, linspace, eye", (d, t, x) -> Tensor.concat(0, Tensor.arange(t, d, -3, 4, 0.75),
        Tensor.linspace(t, d, -1, 2, 7), Tensor.full(t, d, 2.5, 3), Tensor.eye(t, d, 3).flatten()), ANY, false));
    cases.add(new Case("rand uniform", (d, t, x) -> Tensor.rand(Rng.of(42), t, d, 300), ANY, false));
    cases.add(new Case("randn normal", (d, t, x) -> Tensor.randn(Rng.of(-7), t, d, 300), ANY, false));
    cases.add(new Case("cast to int32 and bool", (d, t, x) -> Tensor.concat(0, x[0].mul(3).to(DType.INT32).to(DType.FLOAT64),
        x[0].gt(0).to(DType.FLOAT64)), ANY, false, shape(12)));
    return cases;
  }

  private static long[] shape(long... s) {
    return s;
  }

  private static void binary(List<Case> cases, String name, BinaryOperator<Tensor> f) {
    cases.add(new Case(name, (d, t, x) -> f.apply(x[0], x[1]), POSITIVE, true, shape(3, 4), shape(4)));
  }

  private static void comparison(List<Case> cases, String name, BinaryOperator<Tensor> f) {
    cases.add(new Case(name, (d, t, x) -> f.apply(x[0], x[1]), GRID, false, shape(3, 4), shape(4)));
  }

  private static double[] domain(UnaryOp op) {
    return switch (op) {
      case LOG, SQRT, RECIPROCAL -> new double[] {0.2, 3};
      case LOG1P -> new double[] {-0.8, 3};
      case ASIN, ACOS -> new double[] {-0.9, 0.9};
      case TAN -> new double[] {-1.2, 1.2};
      default -> ANY;
    };
  }

  private static UnaryOperator<Tensor> unary(UnaryOp op) {
    return switch (op) {
      case NEG -> Tensor::neg;
      case EXP -> Tensor::exp;
      case LOG -> Tensor::log;
      case SIN -> Tensor::sin;
      case COS -> Tensor::cos;
      case TAN -> Tensor::tan;
      case ASIN -> Tensor::asin;
      case ACOS -> Tensor::acos;
      case ATAN -> Tensor::atan;
      case SINH -> Tensor::sinh;
      case COSH -> Tensor::cosh;
      case TANH -> Tensor::tanh;
      case SQRT -> Tensor::sqrt;
      case RECIPROCAL -> Tensor::reciprocal;
      case ABS -> Tensor::abs;
      case SIGN -> x -> x.sign().mul(x); // sign alone is a constant: nothing to differentiate
      case SIGMOID -> Tensor::sigmoid;
      case RELU -> Tensor::relu;
      case LOG1P -> Tensor::log1p;
      case EXPM1 -> Tensor::expm1;
      case ERF -> Tensor::erf;
    };
  }
}
