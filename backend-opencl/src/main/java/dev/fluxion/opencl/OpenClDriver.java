package dev.fluxion.opencl;

import static org.jocl.CL.CL_BUILD_PROGRAM_FAILURE;
import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_INVALID_BUFFER_SIZE;
import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;

import dev.fluxion.kernels.DeviceInfo;
import dev.fluxion.kernels.DeviceKernel;
import dev.fluxion.kernels.DeviceMemory;
import dev.fluxion.kernels.DeviceProgram;
import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.Driver;
import dev.fluxion.kernels.DriverOutOfMemoryException;
import dev.fluxion.kernels.HostBytes;
import dev.fluxion.kernels.KernelArgs;
import dev.fluxion.kernels.KernelCompileException;
import dev.fluxion.kernels.LaunchPlan;
import dev.fluxion.kernels.PendingCopy;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One OpenCL device through JOCL: a context and one in-order queue, on which kernels are
 * queued without waiting; reads wait (blocking reads) except {@link #readLater}'s non-blocking
 * ones, writes copy before returning.
 */
final class OpenClDriver implements Driver {
  private static final Set<Integer> OUT_OF_MEMORY = Set.of(CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES,
      CL_OUT_OF_HOST_MEMORY, CL_INVALID_BUFFER_SIZE);

  private final OpenClPlatforms.Found found;
  private final DeviceInfo info;
  private final cl_context context;
  private final cl_command_queue queue;
  private final List<OpenClProgram> programs = new ArrayList<>();
  private final List<OpenClKernel> kernels = new ArrayList<>();
  private final DirectStaging staging = new DirectStaging();

  OpenClDriver(OpenClPlatforms.Found found, String name) {
    this.found = found;
    this.info = new DeviceInfo(name, found.description(), found.fp64(), found.globalMemoryBytes(),
        found.maxAllocationBytes(), found.maxWorkGroupSize(), found.localMemoryBytes());
    int[] err = new int[1];
    this.context = CL.clCreateContext(null, 1, new cl_device_id[] {found.device()}, null, null, err);
    check(err[0], "clCreateContext");
    this.queue = createQueue(err);
    check(err[0], "clCreateCommandQueue");
  }

  @SuppressWarnings("deprecation") // clCreateCommandQueue is the only queue constructor of OpenCL 1.x
  private cl_command_queue createQueue(int[] err) {
    if (found.openClMajorVersion() >= 2) {
      return CL.clCreateCommandQueueWithProperties(context, found.device(), null, err);
    }
    return CL.clCreateCommandQueue(context, found.device(), 0, err);
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public Dialect dialect() {
    return Dialect.OPENCL;
  }

  @Override
  public DeviceMemory allocate(long bytes) {
    int[] err = new int[1];
    cl_mem mem = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, err);
    if (OUT_OF_MEMORY.contains(err[0])) {
      throw new DriverOutOfMemoryException(info.name() + ": clCreateBuffer of " + bytes + " bytes: " + CL.stringFor_errorCode(err[0]));
    }
    check(err[0], "clCreateBuffer of " + bytes + " bytes");
    return new OpenClMemory(mem, bytes);
  }

  @Override
  public void free(DeviceMemory memory) {
    check(CL.clReleaseMemObject(((OpenClMemory) memory).mem), "clReleaseMemObject");
  }

  @Override
  public void write(DeviceMemory dst, long dstByteOffset, Buffer src) {
    long bytes = (long) src.remaining() * elementBytes(src);
    check(CL.clEnqueueWriteBuffer(queue, ((OpenClMemory) dst).mem, CL_TRUE, dstByteOffset, bytes, Pointer.toBuffer(src), 0, null,
        null), "clEnqueueWriteBuffer of " + bytes + " bytes");
  }

  @Override
  public void read(DeviceMemory src, long srcByteOffset, Buffer dst) {
    long bytes = (long) dst.remaining() * elementBytes(dst);
    check(CL.clEnqueueReadBuffer(queue, ((OpenClMemory) src).mem, CL_TRUE, srcByteOffset, bytes, Pointer.toBuffer(dst), 0, null,
        null), "clEnqueueReadBuffer of " + bytes + " bytes (or a kernel queued before it)");
  }

  /**
   * A non-blocking read ({@code CL_FALSE}) into a direct buffer of the driver's, with an event; the
   * queue runs in order, so work queued later cannot overwrite {@code src} before it is read, and
   * the host goes on queueing while the device computes and copies.
   */
  @Override
  public PendingCopy readLater(DeviceMemory src, long srcByteOffset, long bytes) {
    ByteBuffer staged = staging.take(bytes);
    cl_event copied = new cl_event();
    int code = CL.clEnqueueReadBuffer(queue, ((OpenClMemory) src).mem, CL_FALSE, srcByteOffset, bytes, Pointer.to(staged), 0,
        null, copied);
    if (code != CL_SUCCESS) {
      staging.give(staged);
    }
    check(code, "clEnqueueReadBuffer (non-blocking) of " + bytes + " bytes");
    return dst -> {
      try {
        check(CL.clWaitForEvents(1, new cl_event[] {copied}), "clWaitForEvents on a read of " + bytes
            + " bytes (or a kernel queued before it)");
        HostBytes.copy(staged, dst);
      } finally {
        CL.clReleaseEvent(copied);
        staging.give(staged);
      }
    };
  }

  @Override
  public DeviceProgram compile(String name, String source) {
    int[] err = new int[1];
    cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
    check(err[0], "clCreateProgramWithSource(" + name + ")");
    int built = CL.clBuildProgram(program, 1, new cl_device_id[] {found.device()}, "", null, null);
    if (built != CL_SUCCESS) {
      String log = buildLog(program);
      CL.clReleaseProgram(program);
      if (built == CL_BUILD_PROGRAM_FAILURE) {
        throw new KernelCompileException(info.name() + ": kernel program " + name + " does not compile:\n" + log);
      }
      check(built, "clBuildProgram(" + name + ")");
    }
    OpenClProgram p = new OpenClProgram(name, program);
    programs.add(p);
    return p;
  }

  private String buildLog(cl_program program) {
    long[] size = new long[1];
    CL.clGetProgramBuildInfo(program, found.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
    byte[] log = new byte[(int) size[0]];
    CL.clGetProgramBuildInfo(program, found.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
    return new String(log, StandardCharsets.UTF_8).trim();
  }

  @Override
  public DeviceKernel kernel(DeviceProgram program, String name) {
    int[] err = new int[1];
    OpenClProgram p = (OpenClProgram) program;
    cl_kernel k = CL.clCreateKernel(p.program(), name, err);
    check(err[0], "clCreateKernel(" + name + ") in program " + p.name());
    OpenClKernel kernel = new OpenClKernel(name, k);
    kernels.add(kernel);
    return kernel;
  }

  @Override
  public void launch(DeviceKernel kernel, LaunchPlan plan, KernelArgs args) {
    OpenClKernel k = (OpenClKernel) kernel;
    for (int i = 0; i < args.count(); i++) {
      if (!k.changes(args, i)) {
        continue;
      }
      DeviceMemory m = args.memory(i);
      int code = m != null
          ? CL.clSetKernelArg(k.kernel, i, Sizeof.cl_mem, ((OpenClMemory) m).argument)
          : CL.clSetKernelArg(k.kernel, i, args.size(i), Pointer.to(args.values()).withByteOffset(args.offset(i)));
      check(code, "clSetKernelArg(" + k.name + ", " + i + ")");
    }
    check(CL.clEnqueueNDRangeKernel(queue, k.kernel, plan.dimensions(), null, plan.global(), plan.local(), 0, null, null),
        "clEnqueueNDRangeKernel(" + k.name + ")");
  }

  @Override
  public void synchronize() {
    check(CL.clFinish(queue), "clFinish (a queued kernel failed)");
  }

  @Override
  public void close() {
    CL.clFinish(queue);
    for (OpenClKernel k : kernels) {
      CL.clReleaseKernel(k.kernel);
    }
    for (OpenClProgram p : programs) {
      CL.clReleaseProgram(p.program());
    }
    CL.clReleaseCommandQueue(queue);
    CL.clReleaseContext(context);
  }

  private void check(int code, String what) {
    if (code != CL_SUCCESS) {
      throw new IllegalStateException(info.name() + ": " + what + " failed: " + CL.stringFor_errorCode(code));
    }
  }

  private static int elementBytes(Buffer b) {
    if (b instanceof java.nio.ByteBuffer) {
      return 1;
    } else if (b instanceof java.nio.IntBuffer || b instanceof java.nio.FloatBuffer) {
      return 4;
    }
    return 8;
  }
}
