package dev.fluxion.cli.formula;

/**
 * One token of a formula.
 *
 * @param kind what the token is
 * @param text the token as written, except that a number's Unicode minus sign is made ASCII
 * @param column the 1-based column, in characters, of its first character
 */
record Token(Kind kind, String text, int column) {
  enum Kind {
    NUMBER,
    IDENTIFIER,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    CARET,
    LPAREN,
    RPAREN,
    /** After the last token; its column is the one following the last token. */
    END
  }
}
