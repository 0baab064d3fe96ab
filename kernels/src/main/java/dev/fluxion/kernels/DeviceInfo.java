package dev.fluxion.kernels;

/**
 * A device as its driver describes it.
 *
 * @param name device name as the engine shows it, e.g. {@code opencl:0}
 * @param description hardware, driver and version, for users
 * @param fp64 whether the device computes in double precision
 * @param totalMemoryBytes global memory of the device
 * @param maxAllocationBytes the largest single allocation the device allows
 * @param maxWorkGroupSize the most work-items in one work-group
 * @param localMemoryBytes local (shared) memory available to one work-group
 */
public record DeviceInfo(
    String name,
    String description,
    boolean fp64,
    long totalMemoryBytes,
    long maxAllocationBytes,
    long maxWorkGroupSize,
    long localMemoryBytes) {

  /** What the device's program sources are specialised for. */
  public Target target() {
    return new Target(fp64, localMemoryBytes);
  }
}
