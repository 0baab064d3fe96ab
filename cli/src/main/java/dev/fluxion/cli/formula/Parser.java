package dev.fluxion.cli.formula;

import dev.fluxion.cli.formula.Expr.Binary;
import dev.fluxion.cli.formula.Expr.Call;
import dev.fluxion.cli.formula.Expr.Constant;
import dev.fluxion.cli.formula.Expr.Negation;
import dev.fluxion.cli.formula.Expr.Operator;
import dev.fluxion.cli.formula.Expr.Variable;
import dev.fluxion.cli.formula.Token.Kind;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the grammar documented on {@link Formula}: one method per rule.
 */
final class Parser {
  private final String text;
  private final List<Token> tokens;
  private final Set<String> variables;
  private final Set<String> used = new LinkedHashSet<>();
  private int index;

  Parser(String text, Set<String> variables) {
    this.text = text;
    this.tokens = new Lexer(text).tokens();
    this.variables = variables;
  }

  /** The variables the parsed formula uses, in the order they first appear. */
  Set<String> used() {
    return used;
  }

  /** {@code formula = sum END} */
  Expr parse() {
    if (peekIs(Kind.END)) {
      throw new FormulaException(text, 1, "empty formula");
    }
    Expr formula = sum();
    if (peekIs(Kind.RPAREN)) {
      throw error(peek(), "unexpected ')'");
    }
    if (!peekIs(Kind.END)) {
      throw error(peek(), "unexpected '" + peek().text() + "'", "expected an operator");
    }
    return formula;
  }

  /** {@code sum = product { ("+" | "-") product }} */
  private Expr sum() {
    Expr sum = product();
    while (peekIs(Kind.PLUS, Kind.MINUS)) {
      Operator operator = next().kind() == Kind.PLUS ? Operator.ADD : Operator.SUB;
      sum = new Binary(operator, sum, product());
    }
    return sum;
  }

  /** {@code product = signed { ("*" | "/") signed }} */
  private Expr product() {
    Expr product = signed();
    while (peekIs(Kind.STAR, Kind.SLASH)) {
      Operator operator = next().kind() == Kind.STAR ? Operator.MUL : Operator.DIV;
      product = new Binary(operator, product, signed());
    }
    return product;
  }

  /** {@code signed = "-" signed | term} */
  private Expr signed() {
    return accept(Kind.MINUS) ? new Negation(signed()) : term();
  }

  /**
   * {@code term = power { power }}, where a power is juxtaposed only right after a number token
   * and only when it starts with an identifier or "(".
   */
  private Expr term() {
    Expr term = power();
    while (previous().kind() == Kind.NUMBER && peekIs(Kind.IDENTIFIER, Kind.LPAREN)) {
      term = new Binary(Operator.MUL, term, power());
    }
    return term;
  }

  /** {@code power = primary [ "^" exponent ]} */
  private Expr power() {
    Expr base = primary();
    return accept(Kind.CARET) ? new Binary(Operator.POW, base, exponent()) : base;
  }

  /** {@code exponent = "-" exponent | power} */
  private Expr exponent() {
    return accept(Kind.MINUS) ? new Negation(exponent()) : power();
  }

  /** {@code primary = NUMBER | "(" sum ")" | name} */
  private Expr primary() {
    Token token = peek();
    return switch (token.kind()) {
      case NUMBER -> {
        next();
        yield new Constant(Double.parseDouble(token.text()), token.text());
      }
      case LPAREN -> {
        next();
        yield parenthesised(token);
      }
      case IDENTIFIER -> {
        next();
        yield name(token);
      }
      default -> throw missingOperand(token);
    };
  }

  /** The rest of {@code "(" sum ")"} after {@code open}. */
  private Expr parenthesised(Token open) {
    Expr inner = sum();
    if (accept(Kind.RPAREN)) {
      return inner;
    }
    if (peekIs(Kind.END)) {
      throw error(open, "unmatched '('");
    }
    throw error(peek(), "unexpected '" + peek().text() + "'", "expected an operator or ')'");
  }

  /** {@code name = VARIABLE | "pi" | "e" | call} */
  private Expr name(Token name) {
    String id = name.text();
    if (Formula.FUNCTIONS.contains(id)) {
      return call(name);
    }
    if (variables.contains(id)) {
      used.add(id);
      return new Variable(id);
    }
    return switch (id) {
      case "pi" -> new Constant(Math.PI, "pi");
      case "e" -> new Constant(Math.E, "e");
      default -> throw error(
          name,
          "unknown identifier '" + id + "'",
          "valid names are " + String.join(", ", variables) + ", pi, e and the functions "
              + String.join(", ", Formula.FUNCTIONS));
    };
  }

  /** {@code call = FUNCTION "(" sum ")" | FUNCTION term}, after the function's name. */
  private Expr call(Token function) {
    String name = function.text();
    if (accept(Kind.LPAREN)) {
      return new Call(name, parenthesised(previous()));
    }
    if (!peekIs(Kind.NUMBER, Kind.IDENTIFIER)) {
      throw error(function, "function '" + name + "' needs an argument", "write " + name + "(...)");
    }
    return new Call(name, term());
  }

  /** For a token that cannot start an operand: an operator, ")" or the end. */
  private FormulaException missingOperand(Token token) {
    return token.kind() == Kind.END
        ? error(token, "missing operand after '" + previous().text() + "'")
        : error(token, "missing operand before '" + token.text() + "'");
  }

  private FormulaException error(Token at, String problem) {
    return new FormulaException(text, at.column(), problem + " at column " + at.column());
  }

  private FormulaException error(Token at, String problem, String hint) {
    return new FormulaException(
        text, at.column(), problem + " at column " + at.column() + "; " + hint);
  }

  private Token peek() {
    return tokens.get(index);
  }

  private boolean peekIs(Kind... kinds) {
    return Arrays.asList(kinds).contains(peek().kind());
  }

  private Token next() {
    return tokens.get(index++);
  }

  private Token previous() {
    return tokens.get(index - 1);
  }

  private boolean accept(Kind kind) {
    if (!peekIs(kind)) {
      return false;
    }
    index++;
    return true;
  }
}
