package dev.fluxion.cli.formula;

/**
 * The operations a {@link Formula} is evaluated with. An implementation decides what a value
 * is: a {@code Double}, a tensor, a string for display, ...
 *
 * <p>{@link Formula#evaluate} calls these methods bottom-up and left to right, so that the left
 * operand of a binary operator is always built before the right one.
 *
 * @param <T> the type of the values the formula computes with
 */
public interface Algebra<T> {
  /** A number literal, {@code pi} or {@code e}. */
  T constant(double value);

  /** The variable {@code name}: one of {@link Formula#variables()}. */
  T variable(String name);

  T add(T a, T b);

  T sub(T a, T b);

  T mul(T a, T b);

  T div(T a, T b);

  /** {@code a} raised to the power {@code b}. */
  T pow(T a, T b);

  /** Unary minus. */
  T neg(T a);

  /** One of {@link Formula#FUNCTIONS} applied to {@code a}. */
  T apply(String function, T a);
}
