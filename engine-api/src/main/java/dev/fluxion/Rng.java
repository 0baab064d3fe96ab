package dev.fluxion;

import dev.fluxion.spi.CounterRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A random-number generator for {@link Tensor#rand(Rng, long...)} and
 * {@link Tensor#randn(Rng, long...)}: explicit randomness, as a {@code torch.Generator} or
 * NumPy's {@code Generator} object (a seed is never a bare {@code long} beside a shape).
 *
 * <p>Counter-based: draw {@code k} of the generator made with seed {@code s} fills its tensor
 * from the key {@code mix(s + (k + 1)·φ)} (SplitMix64's finaliser, φ = 0x9E3779B97F4A7C15), and
 * element {@code i} of that tensor depends only on the key and {@code i} (see
 * {@link CounterRandom}). So the same generator gives the same numbers on every device, and
 * two programs that make the same draws in the same order get the same tensors.
 *
 * <pre>{@code
 * Rng rng = Rng.of(42);
 * Tensor w = Tensor.randn(rng, 3, 4);         // draw 0
 * Tensor b = Tensor.rand(rng, 4);             // draw 1
 * Rng dropout = rng.split();                  // an independent stream (uses draw 2)
 * }</pre>
 * A generator may be shared between threads (each draw takes the next number atomically).
 */
public final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long SPLIT = 0x5851F42D4C957F2DL;

  private final long seed;
  private final AtomicLong draws = new AtomicLong();

  private Rng(long seed) {
    this.seed = seed;
  }

  /** A generator whose draws are determined by {@code seed}. */
  public static Rng of(long seed) {
    return new Rng(seed);
  }

  /** The seed this generator was made with. */
  public long seed() {
    return seed;
  }

  /** How many draws (tensors and splits) this generator has made. */
  public long draws() {
    return draws.get();
  }

  /**
   * A new generator independent of this one and of every other split (as JAX's
   * {@code random.split}); it takes this generator's next draw.
   */
  public Rng split() {
    return new Rng(CounterRandom.mix(nextKey() ^ SPLIT));
  }

  /** The key of the next draw. */
  long nextKey() {
    return key(seed, draws.getAndIncrement());
  }

  /** The key of draw {@code k} of the generator made with {@code seed}. */
  static long key(long seed, long k) {
    return CounterRandom.mix(seed + GOLDEN * (k + 1));
  }

  @Override
  public String toString() {
    return "Rng(seed=" + seed + ", draws=" + draws.get() + ")";
  }
}
