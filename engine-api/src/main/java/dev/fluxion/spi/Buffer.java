package dev.fluxion.spi;

import dev.fluxion.DType;

/**
 * A block of device memory holding {@link #capacity()} elements of one {@link DType}.
 * Backends implement it; the engine only passes buffers back to the backend that made them
 * (or an {@link ImmediateBuffer}, which every backend must accept as an input).
 */
public interface Buffer {
  DType dtype();

  /** Number of elements the buffer can hold (at least the size that was asked for). */
  long capacity();
}
