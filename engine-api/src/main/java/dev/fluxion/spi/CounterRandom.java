package dev.fluxion.spi;

/**
 * The counter-based random generator shared by every backend (device kernels implement the
 * same arithmetic): 64 random bits for element {@code i} of stream {@code seed} are
 * {@code mix(mix(seed) + (i + 1) * 0x9E3779B97F4A7C15)}, with {@code mix} the SplitMix64
 * finaliser. Uniforms take the top 53 bits; normals use Box–Muller on elements {@code 2i}
 * and {@code 2i + 1}.
 */
public final class CounterRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private CounterRandom() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long bits(long seed, long index) {
    return mix(mix(seed) + (index + 1) * GOLDEN);
  }

  /** Uniform in [0, 1). */
  public static double uniform(long seed, long index) {
    return (bits(seed, index) >>> 11) * 0x1.0p-53;
  }

  /** Standard normal. */
  public static double normal(long seed, long index) {
    double u1 = 1.0 - uniform(seed, 2 * index); // (0, 1]
    double u2 = uniform(seed, 2 * index + 1);
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
