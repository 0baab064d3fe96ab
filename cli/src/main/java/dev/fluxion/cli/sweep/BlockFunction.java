package dev.fluxion.cli.sweep;

import dev.fluxion.Device;

/**
 * Computes the outputs of a block from its coordinates. An implementation allocates its device
 * buffers once, for {@code capacity} points, and reuses them for every block; it is used by one
 * thread at a time and closed at the end: compiled (the default), hand-written {@code Fused}, and
 * eager evaluators.
 */
public interface BlockFunction extends AutoCloseable {
  /** Fills {@code block.values[m][0 … count−1]} from {@code block.coords}. */
  void apply(Block block);

  /**
   * Queues the computation of a block and the copies of its results, and returns before they
   * arrive where the device allows it ({@link dev.fluxion.HostTransfer#readLater}), so that the
   * next block can be queued while this one computes and travels; {@link Started#finish} waits and
   * fills the values. At most two blocks are started and not finished at a time. The default
   * computes the block at once.
   */
  default Started start(Block block) {
    apply(block);
    return () -> {};
  }

  /** A block whose values are on their way. */
  @FunctionalInterface
  interface Started {
    /** Waits for the block's values and puts them into its arrays. */
    void finish();
  }

  /** Frees the device buffers. */
  @Override
  void close();

  /** The evaluator {@code spec} asks for, on {@code device}, for blocks of up to {@code capacity} points. */
  static BlockFunction create(SweepSpec spec, Device device, int capacity) {
    BlockFunction first = switch (spec.evaluator()) {
      case COMPILED -> new CompiledBlockFunction(spec, device, capacity);
      case FUSED -> new FusedBlockFunction(spec, device, capacity);
      case EAGER -> new EagerBlockFunction(spec, device);
    };
    return spec.hessian() ? new HessianBlockFunction(spec, device, first) : first;
  }
}
