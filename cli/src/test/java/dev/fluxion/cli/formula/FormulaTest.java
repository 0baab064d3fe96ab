package dev.fluxion.cli.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaTest {
  private static final String SWEEP_EXAMPLE =
      "exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)";

  @Test
  void functionsAreExactlyTheDocumentedList() {
    assertEquals(
        List.of(
            "square", "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos",
            "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "abs", "sign", "sinc", "erf",
            "reciprocal"),
        Formula.FUNCTIONS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void evaluatesTheSweepExampleLikeJava(int x) {
    double expected =
        Math.exp(Math.atan(82 * Math.pow(x, 3) + Math.log(x)))
            * Math.sqrt(
                25 * Math.pow(x, 1.0 / 22930) + 39 * Math.pow(Math.E, 2.0 / x) - Math.sin(x));
    assertEquals(expected, DoubleAlgebra.evaluate(SWEEP_EXAMPLE, x), 1e-12 * Math.abs(expected));
  }

  @Test
  void sweepExampleHasTheIntendedStructure() {
    assertEquals(
        "(exp(atan(((82 * (x ^ 3)) + log(x)))) * sqrt((((25 * (x ^ (1 / 22930)))"
            + " + (39 * (e ^ (2 / x)))) - sin(x))))",
        Formula.parse(SWEEP_EXAMPLE).toString());
  }

  @ParameterizedTest(name = "{0} at x={1} is {2}")
  @CsvSource({
    "-x^2, 3, -9",
    "2^3^2, 0, 512",
    "2*3+4, 0, 10",
    "2+3*4, 0, 14",
    "x/2/2, 8, 2",
    "10-4-3, 0, 3",
    "2^-1, 0, 0.5",
    "2^-x^2, 1, 0.5",
    "(2+3)*4, 0, 20",
    "--x, 3, 3",
    "-2^2, 0, -4",
    "(-2)^2, 0, 4",
    "2*-x, 3, -6",
    "x - -1, 3, 4",
  })
  void respectsPrecedenceAndAssociativity(String formula, double x, double expected) {
    assertEquals(expected, DoubleAlgebra.evaluate(formula, x), 1e-12);
  }

  @ParameterizedTest(name = "{0} parses as {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          82x          | (82 * x)
          2(x+1)       | (2 * (x + 1))
          39e^(2/x)    | (39 * (e ^ (2 / x)))
          25x^(1/22930)| (25 * (x ^ (1 / 22930)))
          2x^2         | (2 * (x ^ 2))
          2 x          | (2 * x)
          2pi          | (2 * pi)
          2sin x       | (2 * sin(x))
          2 (x + 1)    | (2 * (x + 1))
          1/2x         | (1 / (2 * x))
          -2x          | (-(2 * x))
          e^2x         | ((e ^ 2) * x)
          x^2(x+1)     | ((x ^ 2) * (x + 1))
          2^3x         | ((2 ^ 3) * x)
          2e           | (2 * e)
          2e3x         | (2e3 * x)
          2e+x         | ((2 * e) + x)
          """)
  void multipliesImplicitlyAfterANumber(String formula, String canonical) {
    assertEquals(canonical, Formula.parse(formula).toString());
  }

  @ParameterizedTest(name = "{0} parses as {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          sin x          | sin(x)
          sin(x)         | sin(x)
          log x^2        | log((x ^ 2))
          sin x * 2      | (sin(x) * 2)
          sin x + 1      | (sin(x) + 1)
          sin x/2        | (sin(x) / 2)
          sin 2x         | sin((2 * x))
          sin 2(x+1)     | sin((2 * (x + 1)))
          sin sin x      | sin(sin(x))
          -sin x         | (-sin(x))
          2^sin x        | (2 ^ sin(x))
          sin(x)^2       | (sin(x) ^ 2)
          sin (x)^2      | (sin(x) ^ 2)
          log (x+1)^2    | (log((x + 1)) ^ 2)
          sin pi         | sin(pi)
          exp(-x)        | exp((-x))
          """)
  void appliesFunctionsWithOrWithoutParentheses(String formula, String canonical) {
    assertEquals(canonical, Formula.parse(formula).toString());
  }

  @Test
  void passesEveryFunctionNameToTheAlgebra() {
    for (String function : Formula.FUNCTIONS) {
      assertEquals(function + "(x)", Formula.parse(function + "(x)").evaluate(new Printer()));
      assertEquals(function + "(x)", Formula.parse(function + " x").evaluate(new Printer()));
    }
  }

  @Test
  void evaluatesFunctionsThroughTheAlgebra() {
    assertEquals(Math.sin(0.5) + Math.sqrt(2), DoubleAlgebra.evaluate("sin x + sqrt 2", 0.5));
    assertEquals(0.5204998778, DoubleAlgebra.evaluate("erf(x)", 0.5), 1e-6);
    assertEquals(2 * Math.PI * Math.E, DoubleAlgebra.evaluate("2pi*e", 0), 0);
  }

  @ParameterizedTest(name = "{0} parses as {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2\u00B7x    | (2 * x)
          2\u00D7x    | (2 * x)
          x\u22121    | (x - 1)
          \u2212x     | (-x)
          x\u00F72    | (x / 2)
          x**2        | (x ^ 2)
          2**3**2     | (2 ^ (3 ^ 2))
          2**-x       | (2 ^ (-x))
          1e\u22123x  | (1e-3 * x)
          """)
  void acceptsOperatorSynonyms(String formula, String canonical) {
    assertEquals(canonical, Formula.parse(formula).toString());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "3, 3", "2.5, 2.5", ".5, 0.5", "5., 5", "1e-3, 0.001", "6.02E23, 6.02e23", "2e+2, 200"
  })
  void readsNumbers(String formula, double expected) {
    assertEquals(expected, DoubleAlgebra.evaluate(formula, 0), 0);
  }

  @Test
  void ignoresWhitespaceAnywhere() {
    Formula formula = Formula.parse(" \t2 *x ^ 2\n-  sin  ( x )  ");
    assertEquals("((2 * (x ^ 2)) - sin(x))", formula.toString());
    assertEquals(" \t2 *x ^ 2\n-  sin  ( x )  ", formula.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {SWEEP_EXAMPLE, "-x^2", "sin 2x", "1/2x", "e^2x", "2^-x^2", ".5x"})
  void canonicalFormParsesBackToItself(String text) {
    String canonical = Formula.parse(text).toString();
    assertEquals(canonical, Formula.parse(canonical).toString());
  }

  @Test
  void evaluatesLeftOperandsFirst() {
    List<String> calls = new ArrayList<>();
    Formula.parse("x - 2 * sin 3")
        .evaluate(
            new Printer() {
              @Override
              public String constant(double value) {
                calls.add(String.valueOf(value));
                return super.constant(value);
              }

              @Override
              public String variable(String name) {
                calls.add(name);
                return super.variable(name);
              }

              @Override
              public String apply(String function, String a) {
                calls.add(function);
                return super.apply(function, a);
              }
            });
    assertEquals(List.of("x", "2.0", "3.0", "sin"), calls);
  }

  /** Prints a formula in function-call notation. */
  private static class Printer implements Algebra<String> {
    @Override
    public String constant(double value) {
      return String.valueOf(value);
    }

    @Override
    public String variable(String name) {
      return name;
    }

    @Override
    public String add(String a, String b) {
      return "add(" + a + ", " + b + ")";
    }

    @Override
    public String sub(String a, String b) {
      return "sub(" + a + ", " + b + ")";
    }

    @Override
    public String mul(String a, String b) {
      return "mul(" + a + ", " + b + ")";
    }

    @Override
    public String div(String a, String b) {
      return "div(" + a + ", " + b + ")";
    }

    @Override
    public String pow(String a, String b) {
      return "pow(" + a + ", " + b + ")";
    }

    @Override
    public String neg(String a) {
      return "neg(" + a + ")";
    }

    @Override
    public String apply(String function, String a) {
      return function + "(" + a + ")";
    }
  }
}
