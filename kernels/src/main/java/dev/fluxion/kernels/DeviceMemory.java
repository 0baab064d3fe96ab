package dev.fluxion.kernels;

/** A block of device memory, as its driver hands it out. */
public interface DeviceMemory {
  /** Size of the block in bytes. */
  long bytes();
}
