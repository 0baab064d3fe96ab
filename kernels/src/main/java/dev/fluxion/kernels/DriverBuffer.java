package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;

/** A tensor buffer of a {@link DriverBackend}: a block of device memory holding elements of one dtype. */
final class DriverBuffer implements Buffer {
  final DriverBackend owner;
  final DeviceMemory memory;
  private final DType dtype;
  private final long capacity;

  DriverBuffer(DriverBackend owner, DType dtype, DeviceMemory memory) {
    this.owner = owner;
    this.dtype = dtype;
    this.memory = memory;
    this.capacity = memory.bytes() / dtype.byteSize();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return owner.name() + " buffer of " + capacity + " " + dtype.numpyName();
  }
}
