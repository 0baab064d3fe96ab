package dev.fluxion.cuda;

import dev.fluxion.kernels.DeviceMemory;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** A block of device memory, with the kernel-parameter pointer to its address made once. */
final class CudaMemory implements DeviceMemory {
  final CUdeviceptr pointer;
  final Pointer argument;
  private final long bytes;

  CudaMemory(CUdeviceptr pointer, long bytes) {
    this.pointer = pointer;
    this.argument = Pointer.to(pointer);
    this.bytes = bytes;
  }

  @Override
  public long bytes() {
    return bytes;
  }
}
