package dev.fluxion.spi;

import dev.fluxion.DType;

/**
 * A one-element constant that lives in no device memory: the engine uses it for Java scalar
 * operands ({@code x.mul(2.0)}) and for zeros and ones that are only ever read, usually
 * through a broadcast view. Backends read it as a kernel argument (or materialise it on the
 * device), never through a host transfer. It is never an output.
 */
public record ImmediateBuffer(DType dtype, double value) implements Buffer {
  @Override
  public long capacity() {
    return 1;
  }
}
