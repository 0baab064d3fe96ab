package dev.fluxion.cli.formula;

/**
 * A formula that cannot be parsed. The message has three lines: the reason, the formula, and a
 * caret under the offending character:
 *
 * <pre>
 * unexpected ')' at column 7
 *   sin(x))
 *         ^
 * </pre>
 */
public final class FormulaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int column;

  /**
   * @param formula the text being parsed
   * @param column the 1-based column, in characters, of the offending character; one past the
   *     last token when the formula ends too early
   * @param reason the one-line first line of the message
   */
  FormulaException(String formula, int column, String reason) {
    super(reason + "\n  " + formula + "\n  " + indentation(formula, column) + "^");
    this.column = column;
  }

  /** The 1-based column, in characters, of the offending character. */
  public int column() {
    return column;
  }

  /** Blanks as wide as the formula's first {@code column - 1} characters; tabs are kept. */
  private static String indentation(String formula, int column) {
    StringBuilder blanks = new StringBuilder();
    formula
        .codePoints()
        .limit(column - 1)
        .forEach(c -> blanks.append(c == '\t' ? '\t' : ' '));
    return blanks.toString();
  }
}
