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
  /** FLOAT32 results as read from the device, made on first use (see {@link #floats}). */
  private float[][] floats;

  public Block(int dimensions, int outputs, int capacity) {
    coords = new double[dimensions][capacity];
    values = new double[outputs][capacity];
  }

  /** Output m as the device's floats, before a FLOAT32 sweep widens them into {@link #values}. */
  float[] floats(int m) {
    if (floats == null) {
      floats = new float[values.length][];
    }
    if (floats[m] == null) {
      floats[m] = new float[capacity()];
    }
    return floats[m];
  }

  public int capacity() {
    return coords[0].length;
  }
}
