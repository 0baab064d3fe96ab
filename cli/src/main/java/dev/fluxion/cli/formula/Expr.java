package dev.fluxion.cli.formula;

/**
 * The syntax tree of a parsed formula. Each node's {@code toString()} gives a canonical, fully
 * parenthesised form that parses back to the same tree.
 */
sealed interface Expr {
  /** Evaluates this tree bottom-up, left operands before right ones. */
  <T> T evaluate(Algebra<T> algebra);

  /** A number literal, {@code pi} or {@code e}; {@code text} is how it is printed. */
  record Constant(double value, String text) implements Expr {
    @Override
    public <T> T evaluate(Algebra<T> algebra) {
      return algebra.constant(value);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A variable, such as {@code x}. */
  record Variable(String name) implements Expr {
    @Override
    public <T> T evaluate(Algebra<T> algebra) {
      return algebra.variable(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record Negation(Expr operand) implements Expr {
    @Override
    public <T> T evaluate(Algebra<T> algebra) {
      return algebra.neg(operand.evaluate(algebra));
    }

    @Override
    public String toString() {
      return "(-" + operand + ")";
    }
  }

  record Binary(Operator operator, Expr left, Expr right) implements Expr {
    @Override
    public <T> T evaluate(Algebra<T> algebra) {
      T a = left.evaluate(algebra);
      T b = right.evaluate(algebra);
      return operator.apply(algebra, a, b);
    }

    @Override
    public String toString() {
      return "(" + left + " " + operator.symbol + " " + right + ")";
    }
  }

  /** A function of {@link Formula#FUNCTIONS} applied to its argument. */
  record Call(String function, Expr argument) implements Expr {
    @Override
    public <T> T evaluate(Algebra<T> algebra) {
      return algebra.apply(function, argument.evaluate(algebra));
    }

    @Override
    public String toString() {
      return function + "(" + argument + ")";
    }
  }

  enum Operator {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    POW("^");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    <T> T apply(Algebra<T> algebra, T a, T b) {
      return switch (this) {
        case ADD -> algebra.add(a, b);
        case SUB -> algebra.sub(a, b);
        case MUL -> algebra.mul(a, b);
        case DIV -> algebra.div(a, b);
        case POW -> algebra.pow(a, b);
      };
    }
  }
}
