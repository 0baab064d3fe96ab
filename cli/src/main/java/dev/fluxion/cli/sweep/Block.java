package dev.fluxion.cli.sweep;

/**
 * The host side of one block of a sweep: points {@code start … start+count−1} with their
 * coordinates and computed values. Its arrays are reused for block after block; a reader must
 * not keep them.
 */
public final class Block {
  /** The index of the block's first point in the grid. */
  public long start;
  /** How many points of the arrays are valid. */
  public int count;
  /** {@code coords[k][i]}: coordinate k of point start+i. */
  public final double[][] coords;
  /** {@code values[m][i]}: output m (f, df_dx, ...) at point start+i. */
  public final double[][] values;

  public Block(int dimensions, int outputs, int capacity) {
    coords = new double[dimensions][capacity];
    values = new double[outputs][capacity];
  }

  public int capacity() {
    return coords[0].length;
  }
}
