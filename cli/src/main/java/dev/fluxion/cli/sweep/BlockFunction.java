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
