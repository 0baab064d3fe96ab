package dev.fluxion.cli.formula;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A formula in one variable {@code x}, such as {@code exp(atan(82x^3 + log x)) * sqrt(1 + x^2)},
 * parsed once and evaluated through any {@link Algebra}.
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * formula  = sum END
 * sum      = product { ("+" | "-") product }          left-associative
 * product  = signed { ("*" | "/") signed }            left-associative
 * signed   = "-" signed | term
 * term     = power { power }                          juxtaposition, see below
 * power    = primary [ "^" exponent ]                 right-associative
 * exponent = "-" exponent | power
 * primary  = NUMBER | "(" sum ")" | VARIABLE | "pi" | "e" | call
 * call     = FUNCTION "(" sum ")" | FUNCTION term
 * </pre>
 *
 * <ul>
 *   <li>Precedence, loosest first: {@code + -}, then {@code * /}, then unary minus, then
 *       juxtaposition, then {@code ^}. So {@code -x^2} is {@code -(x^2)}, {@code 2^3^2} is
 *       {@code 2^(3^2)} and {@code 2^-x} is {@code 2^(-x)}.
 *   <li><b>Juxtaposition</b> (implicit multiplication) happens only where a number token is
 *       directly followed by an identifier or {@code (}: {@code 82x}, {@code 2(x+1)}, {@code
 *       39e^(2/x)} = {@code 39*(e^(2/x))}, {@code 25x^(1/3)} = {@code 25*(x^(1/3))}. It binds
 *       tighter than {@code *} and {@code /} but looser than {@code ^}: {@code 1/2x} = {@code
 *       1/(2*x)}, while {@code e^2x} = {@code (e^2)*x} and {@code x^2(x+1)} = {@code
 *       (x^2)*(x+1)} because the exponent is a single power. {@code x(x+1)} and {@code (x)(x)}
 *       are errors: write the {@code *}.
 *   <li><b>Functions</b> are applied either to a parenthesised argument, {@code sin(x)}, or
 *       without parentheses to the following {@code term}: {@code sin x} = {@code sin(x)},
 *       {@code log x^2} = {@code log(x^2)}, {@code sin 2x} = {@code sin(2*x)}, {@code sin x * 2}
 *       = {@code sin(x)*2}, {@code sin sin x} = {@code sin(sin(x))}. A parenthesis right after
 *       the name always delimits the whole argument, so {@code sin(x)^2} = {@code (sin(x))^2}
 *       and {@code log (x+1)^2} = {@code (log(x+1))^2}. An argument without parentheses must
 *       start with a number or a name: {@code sin -x} is an error, write {@code sin(-x)}.
 *   <li>NUMBER: {@code 3}, {@code 2.5}, {@code .5}, {@code 5.}, {@code 1e-3}, {@code 6.02E23}.
 *       An exponent needs its digits, so {@code 2e} is {@code 2*e} but {@code 2e3} is 2000 and
 *       {@code 2e-3} is 0.002 (write {@code 2e - 3} or {@code 2*e-3} for {@code 2e} minus 3).
 *   <li>Names: the variables ({@code x} unless the caller declares others, see {@link
 *       #parse(String, Collection)}), {@code pi}, {@code e} and the {@link #FUNCTIONS},
 *       case-sensitive.
 *   <li>Synonyms: {@code **} for {@code ^}; {@code ·} and {@code ×} for {@code *}; {@code ÷} for
 *       {@code /}; {@code −} (U+2212) for {@code -}.
 *   <li>Whitespace is allowed between any two tokens and is never significant.
 * </ul>
 *
 * <p>Every syntax error is a {@link FormulaException} carrying the column of the offending
 * character.
 */
public final class Formula {
  /** The functions a formula may apply, in the order of the documentation. */
  public static final List<String> FUNCTIONS =
      List.of(
          "square", "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos",
          "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "abs", "sign", "sinc", "erf",
          "reciprocal");

  /** Names that cannot be variables: the constants and the functions. */
  public static final Set<String> RESERVED = reserved();

  private final String text;
  private final Expr expr;
  private final List<String> variables;

  private Formula(String text, Expr expr, List<String> variables) {
    this.text = text;
    this.expr = expr;
    this.variables = variables;
  }

  /**
   * Parses {@code text}, a formula in the one variable {@code x}, with the grammar above.
   *
   * @throws FormulaException if {@code text} is not a formula
   */
  public static Formula parse(String text) {
    return parse(text, List.of("x"));
  }

  /**
   * Parses {@code text}, a formula in the variables {@code variables} (identifiers other than
   * {@link #RESERVED}), with the grammar above.
   *
   * @throws FormulaException if {@code text} is not a formula, or uses another name
   * @throws IllegalArgumentException if a variable's name is reserved or not an identifier
   */
  public static Formula parse(String text, Collection<String> variables) {
    Objects.requireNonNull(text, "text");
    for (String v : variables) {
      checkVariableName(v);
    }
    Parser parser = new Parser(text, new LinkedHashSet<>(variables));
    Expr expr = parser.parse();
    return new Formula(text, expr, List.copyOf(parser.used()));
  }

  /**
   * Throws {@link IllegalArgumentException} unless {@code name} can name a variable: an ASCII
   * identifier that is neither {@code pi}, {@code e} nor a function.
   */
  public static void checkVariableName(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("'" + name + "' cannot name a variable: use letters, digits and _, "
          + "starting with a letter or _");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' cannot name a variable: it is "
          + (FUNCTIONS.contains(name) ? "a function" : "a constant"));
    }
  }

  /** The variables this formula uses, in the order of their first appearance. */
  public List<String> variables() {
    return variables;
  }

  private static Set<String> reserved() {
    Set<String> names = new LinkedHashSet<>(FUNCTIONS);
    names.add("pi");
    names.add("e");
    return Set.copyOf(names);
  }

  /**
   * Evaluates this formula bottom-up with {@code algebra}, left operands before right ones, and
   * returns the value of the whole formula.
   */
  public <T> T evaluate(Algebra<T> algebra) {
    return expr.evaluate(algebra);
  }

  /** The text this formula was parsed from. */
  public String text() {
    return text;
  }

  /**
   * A canonical, fully parenthesised form that parses back to the same formula, e.g. {@code (2
   * * (x ^ 2))} for {@code 2x^2}.
   */
  @Override
  public String toString() {
    return expr.toString();
  }
}
