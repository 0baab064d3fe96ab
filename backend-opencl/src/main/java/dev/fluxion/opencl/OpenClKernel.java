package dev.fluxion.opencl;

import dev.fluxion.kernels.DeviceKernel;
import dev.fluxion.kernels.DeviceMemory;
import dev.fluxion.kernels.KernelArgs;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jocl.cl_kernel;

/**
 * An OpenCL kernel object with the arguments it was last given: an argument equal to the
 * previous launch's is not set again (each clSetKernelArg costs about a microsecond on PoCL,
 * and a loop repeats its shapes and, through the caching allocator, its buffers).
 */
final class OpenClKernel implements DeviceKernel {
  final String name;
  final cl_kernel kernel;
  private final DeviceMemory[] lastMemory = new DeviceMemory[16];
  private final byte[][] lastValue = new byte[16][];

  OpenClKernel(String name, cl_kernel kernel) {
    this.name = name;
    this.kernel = kernel;
  }

  /** Whether argument i of {@code args} differs from the one this kernel holds; records it if so. */
  boolean changes(KernelArgs args, int i) {
    DeviceMemory m = args.memory(i);
    if (m != null) {
      if (lastMemory[i] == m) {
        return false;
      }
      lastMemory[i] = m;
      lastValue[i] = null;
      return true;
    }
    byte[] value = new byte[args.size(i)];
    ByteBuffer values = args.values();
    values.get(args.offset(i), value);
    if (Arrays.equals(lastValue[i], value)) {
      return false;
    }
    lastValue[i] = value;
    lastMemory[i] = null;
    return true;
  }
}
