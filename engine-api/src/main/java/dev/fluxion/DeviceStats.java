package dev.fluxion;

/**
 * Counters of one device, cumulative since the device was opened or since
 * {@link Device#resetStats()}.
 *
 * @param hostToDeviceBytes bytes copied from Java memory into device buffers (for the CPU
 *     device: from Java arrays into tensor storage)
 * @param deviceToHostBytes bytes copied from device buffers back to Java memory
 * @param kernelLaunches kernels (CPU: primitive executions) run on the device
 * @param allocatedBytes bytes currently obtained from the driver (CPU: the JVM heap) — in use
 *     or held by the caching allocator; this one is a level, not a counter
 * @param cachedBytes bytes held, unused, by the caching allocator (a level)
 * @param liveTensors tensors on this device that are neither closed nor collected (a level)
 */
public record DeviceStats(
    long hostToDeviceBytes,
    long deviceToHostBytes,
    long kernelLaunches,
    long allocatedBytes,
    long cachedBytes,
    long liveTensors) {

  /** Bytes in use by tensors: allocated minus cached. */
  public long inUseBytes() {
    return allocatedBytes - cachedBytes;
  }
}
