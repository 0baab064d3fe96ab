package dev.fluxion.spi;

/**
 * Elementwise binary primitives over two inputs of the same dtype (the engine promotes and
 * broadcasts first). Comparisons give BOOL.
 */
public enum BinaryOp {
  ADD, SUB, MUL, DIV, POW, MAX, MIN, ATAN2,
  LT, LE, GT, GE, EQ, NE;

  public boolean isComparison() {
    return ordinal() >= LT.ordinal();
  }
}
