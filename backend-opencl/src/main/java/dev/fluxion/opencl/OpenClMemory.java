package dev.fluxion.opencl;

import dev.fluxion.kernels.DeviceMemory;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/** An OpenCL buffer, with the kernel-argument pointer to its handle made once. */
final class OpenClMemory implements DeviceMemory {
  final cl_mem mem;
  final Pointer argument;
  private final long bytes;

  OpenClMemory(cl_mem mem, long bytes) {
    this.mem = mem;
    this.argument = Pointer.to(mem);
    this.bytes = bytes;
  }

  @Override
  public long bytes() {
    return bytes;
  }
}
