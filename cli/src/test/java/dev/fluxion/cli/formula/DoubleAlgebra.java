package dev.fluxion.cli.formula;

/** Evaluates a formula at one point with {@code java.lang.Math}. */
final class DoubleAlgebra implements Algebra<Double> {
  private final double x;

  DoubleAlgebra(double x) {
    this.x = x;
  }

  static double evaluate(String formula, double x) {
    return Formula.parse(formula).evaluate(new DoubleAlgebra(x));
  }

  @Override
  public Double constant(double value) {
    return value;
  }

  @Override
  public Double variable(String name) {
    return x;
  }

  @Override
  public Double add(Double a, Double b) {
    return a + b;
  }

  @Override
  public Double sub(Double a, Double b) {
    return a - b;
  }

  @Override
  public Double mul(Double a, Double b) {
    return a * b;
  }

  @Override
  public Double div(Double a, Double b) {
    return a / b;
  }

  @Override
  public Double pow(Double a, Double b) {
    return Math.pow(a, b);
  }

  @Override
  public Double neg(Double a) {
    return -a;
  }

  @Override
  public Double apply(String function, Double a) {
    return switch (function) {
      case "square" -> a * a;
      case "sqrt" -> Math.sqrt(a);
      case "exp" -> Math.exp(a);
      case "log" -> Math.log(a);
      case "log1p" -> Math.log1p(a);
      case "expm1" -> Math.expm1(a);
      case "sin" -> Math.sin(a);
      case "cos" -> Math.cos(a);
      case "tan" -> Math.tan(a);
      case "asin" -> Math.asin(a);
      case "acos" -> Math.acos(a);
      case "atan" -> Math.atan(a);
      case "sinh" -> Math.sinh(a);
      case "cosh" -> Math.cosh(a);
      case "tanh" -> Math.tanh(a);
      case "sigmoid" -> 1 / (1 + Math.exp(-a));
      case "relu" -> Math.max(0, a);
      case "abs" -> Math.abs(a);
      case "sign" -> Math.signum(a);
      case "sinc" -> a == 0 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
      case "erf" -> erf(a);
      case "reciprocal" -> 1 / a;
      default -> throw new IllegalArgumentException(function);
    };
  }

  /** Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7. */
  private static double erf(double a) {
    double t = 1 / (1 + 0.3275911 * Math.abs(a));
    double poly =
        t * (0.254829592
            + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return Math.signum(a) * (1 - poly * Math.exp(-a * a));
  }
}
