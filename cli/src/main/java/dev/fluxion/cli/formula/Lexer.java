package dev.fluxion.cli.formula;

import dev.fluxion.cli.formula.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a formula into {@link Token}s. Works on code points so that columns count characters as
 * the user sees them.
 *
 * <p>Numbers are {@code digits [. digits] [(e|E) [+|-] digits]} with at least one digit before
 * the exponent; an {@code e} that is not followed by an exponent's digits ends the number, so
 * {@code 2e} is the number 2 and then the identifier {@code e}. Identifiers are an ASCII letter
 * or underscore followed by ASCII letters, digits or underscores.
 */
final class Lexer {
  private static final char UNICODE_MINUS = '\u2212';

  private final String text;
  private final int[] chars;
  private int position;

  Lexer(String text) {
    this.text = text;
    this.chars = text.codePoints().toArray();
  }

  /** All tokens of the formula, followed by an {@link Kind#END} token. */
  List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    int end = 0;
    for (skipWhitespace(); position < chars.length; skipWhitespace()) {
      tokens.add(next());
      end = position;
    }
    tokens.add(new Token(Kind.END, "", end + 1));
    return tokens;
  }

  private Token next() {
    int start = position;
    int c = chars[position];
    if (isDigit(c) || c == '.') {
      return number();
    }
    if (isIdentifierStart(c)) {
      return identifier();
    }
    position++;
    if (c == '*' && at('*')) {
      position++;
      return token(Kind.CARET, start);
    }
    Kind kind =
        switch (c) {
          case '+' -> Kind.PLUS;
          case '-', UNICODE_MINUS -> Kind.MINUS;
          case '*', '\u00B7', '\u00D7' -> Kind.STAR; // middle dot, multiplication sign
          case '/', '\u00F7' -> Kind.SLASH; // division sign
          case '^' -> Kind.CARET;
          case '(' -> Kind.LPAREN;
          case ')' -> Kind.RPAREN;
          default -> throw unexpectedCharacter(start);
        };
    return token(kind, start);
  }

  private Token number() {
    int start = position;
    skipDigits();
    if (at('.')) {
      position++;
      skipDigits();
    }
    if (position - start == 1 && chars[start] == '.') {
      throw unexpectedCharacter(start);
    }
    if (at('e') || at('E')) {
      int mark = position;
      position++;
      if (at('+') || at('-') || at(UNICODE_MINUS)) {
        position++;
      }
      if (position < chars.length && isDigit(chars[position])) {
        skipDigits();
      } else {
        position = mark;
      }
    }
    String literal = new String(chars, start, position - start);
    return new Token(Kind.NUMBER, literal.replace(UNICODE_MINUS, '-'), start + 1);
  }

  private Token identifier() {
    int start = position;
    while (position < chars.length && isIdentifierPart(chars[position])) {
      position++;
    }
    return token(Kind.IDENTIFIER, start);
  }

  private Token token(Kind kind, int start) {
    return new Token(kind, new String(chars, start, position - start), start + 1);
  }

  private FormulaException unexpectedCharacter(int index) {
    int column = index + 1;
    return new FormulaException(
        text,
        column,
        "unexpected character '" + Character.toString(chars[index]) + "' at column " + column);
  }

  private boolean at(int c) {
    return position < chars.length && chars[position] == c;
  }

  private void skipDigits() {
    while (position < chars.length && isDigit(chars[position])) {
      position++;
    }
  }

  private void skipWhitespace() {
    while (position < chars.length
        && (Character.isWhitespace(chars[position]) || Character.isSpaceChar(chars[position]))) {
      position++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(int c) {
    return isIdentifierStart(c) || isDigit(c);
  }
}
