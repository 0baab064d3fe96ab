package dev.fluxion.spi;

/**
 * Creation on the device, writing every element of a contiguous output.
 * <ul>
 *   <li>{@code FULL(value)}: every element is {@code value};
 *   <li>{@code IOTA(start, step)}: element {@code i} is {@code start + i*step};
 *   <li>{@code LINSPACE(start, stop)}: over {@code n} elements, element {@code i} is
 *       {@code start + i*(stop-start)/(n-1)} and the last is exactly {@code stop} (NumPy's rule);
 *   <li>{@code UNIFORM(seed, lo, hi)}: counter-based uniform numbers in [lo, hi);
 *   <li>{@code NORMAL(seed, mean, std)}: counter-based normal numbers (Box–Muller).
 * </ul>
 * Random numbers depend only on the seed and the element index, so every backend produces
 * the same values (see {@link CounterRandom}). The seed travels bit-exactly as
 * {@code Double.longBitsToDouble(seed)}; decode it with {@link #seed(double)}.
 */
public enum FillOp {
  FULL, IOTA, LINSPACE, UNIFORM, NORMAL;

  /** The 64-bit seed carried in the first parameter of UNIFORM and NORMAL. */
  public static long seed(double param) {
    return Double.doubleToRawLongBits(param);
  }
}
