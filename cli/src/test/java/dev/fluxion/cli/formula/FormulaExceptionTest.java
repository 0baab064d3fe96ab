package dev.fluxion.cli.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FormulaExceptionTest {
  private static final String VALID_NAMES =
      "valid names are x, pi, e and the functions square, sqrt, exp, log, log1p, expm1, sin, cos,"
          + " tan, asin, acos, atan, sinh, cosh, tanh, sigmoid, relu, abs, sign, sinc, erf,"
          + " reciprocal";

  /** Asserts that {@code formula} fails at {@code column} with {@code reason} as first line. */
  private static void assertError(String formula, int column, String reason) {
    FormulaException error = assertThrows(FormulaException.class, () -> Formula.parse(formula));
    assertEquals(column, error.column(), "column");
    assertEquals(reason, error.getMessage().lines().findFirst().orElseThrow());
  }

  @Test
  void messageShowsTheFormulaWithACaretUnderTheColumn() {
    FormulaException error =
        assertThrows(FormulaException.class, () -> Formula.parse("sin(x))"));
    assertEquals("unexpected ')' at column 7\n  sin(x))\n        ^", error.getMessage());
  }

  @Test
  void caretKeepsTabsAligned() {
    FormulaException error = assertThrows(FormulaException.class, () -> Formula.parse("\tx $"));
    assertEquals("unexpected character '$' at column 4\n  \tx $\n  \t  ^", error.getMessage());
  }

  @Test
  void isAnIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> Formula.parse("2*"));
  }

  @Test
  void emptyFormula() {
    assertError("", 1, "empty formula");
    assertError("  \t ", 1, "empty formula");
  }

  @Test
  void unexpectedCharacter() {
    assertError("2 $ x", 3, "unexpected character '$' at column 3");
    assertError("x + .", 5, "unexpected character '.' at column 5");
    assertError("x, 2", 2, "unexpected character ',' at column 2");
    assertError("\u00D7\u00D7$", 3, "unexpected character '$' at column 3");
    assertError("x+\uD83D\uDE00+$", 3, "unexpected character '\uD83D\uDE00' at column 3");
  }

  @Test
  void unbalancedParentheses() {
    assertError("sin(x))", 7, "unexpected ')' at column 7");
    assertError("(x+1", 1, "unmatched '(' at column 1");
    assertError("sin(x", 4, "unmatched '(' at column 4");
    assertError("2*(x+(1)", 3, "unmatched '(' at column 3");
  }

  @Test
  void missingOperand() {
    assertError("2*", 3, "missing operand after '*' at column 3");
    assertError("2*   ", 3, "missing operand after '*' at column 3");
    assertError("2**", 4, "missing operand after '**' at column 4");
    assertError("x+-", 4, "missing operand after '-' at column 4");
    assertError("sin(", 5, "missing operand after '(' at column 5");
    assertError("*2", 1, "missing operand before '*' at column 1");
    assertError("+x", 1, "missing operand before '+' at column 1");
    assertError("2*/x", 3, "missing operand before '/' at column 3");
    assertError("2^)", 3, "missing operand before ')' at column 3");
    assertError("()", 2, "missing operand before ')' at column 2");
  }

  @Test
  void unknownIdentifier() {
    assertError("y+1", 1, "unknown identifier 'y' at column 1; " + VALID_NAMES);
    assertError("2*foo(x)", 3, "unknown identifier 'foo' at column 3; " + VALID_NAMES);
    assertError("Sin(x)", 1, "unknown identifier 'Sin' at column 1; " + VALID_NAMES);
    assertError("2xe", 2, "unknown identifier 'xe' at column 2; " + VALID_NAMES);
  }

  @Test
  void functionUsedAsAValue() {
    assertError("sin + 1", 1, "function 'sin' needs an argument at column 1; write sin(...)");
    assertError("2*exp", 3, "function 'exp' needs an argument at column 3; write exp(...)");
    assertError("sin -x", 1, "function 'sin' needs an argument at column 1; write sin(...)");
    assertError("sin^2 x", 1, "function 'sin' needs an argument at column 1; write sin(...)");
  }

  @Test
  void missingOperator() {
    assertError("2 3", 3, "unexpected '3' at column 3; expected an operator");
    assertError("x(x+1)", 2, "unexpected '(' at column 2; expected an operator");
    assertError("(x)(x)", 4, "unexpected '(' at column 4; expected an operator");
    assertError("2pi x", 5, "unexpected 'x' at column 5; expected an operator");
    assertError("sin x cos x", 7, "unexpected 'cos' at column 7; expected an operator");
    assertError("(x x)", 4, "unexpected 'x' at column 4; expected an operator or ')'");
  }
}
