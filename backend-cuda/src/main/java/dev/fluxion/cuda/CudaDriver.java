package dev.fluxion.cuda;

import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.kernels.CudaCompileCheck;
import dev.fluxion.kernels.DeviceInfo;
import dev.fluxion.kernels.DeviceKernel;
import dev.fluxion.kernels.DeviceMemory;
import dev.fluxion.kernels.DeviceProgram;
import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.Driver;
import dev.fluxion.kernels.DriverOutOfMemoryException;
import dev.fluxion.kernels.KernelArgs;
import dev.fluxion.kernels.KernelCompileException;
import dev.fluxion.kernels.LaunchPlan;
import dev.fluxion.kernels.LibraryGemm;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * One CUDA device through JCuda's driver API: its primary context (made current on every calling
 * thread), one non-blocking stream on which kernels and cuBLAS products are queued without
 * waiting, copies through pinned staging buffers, and modules loaded from the jar's prebuilt
 * fatbins or compiled by NVRTC. Every driver error is an exception (JCuda's exceptions are on)
 * that this class words with what it was doing.
 */
final class CudaDriver implements Driver {
  private final CudaProbe.Found found;
  private final DeviceInfo info;
  private final CudaContext context;
  private final CUstream stream = new CUstream();
  private final PinnedStaging staging;
  private final DeferredFrees frees;
  private final CublasGemm cublas;
  private final List<CudaModule> modules = new ArrayList<>();
  private ByteBuffer argumentValues;
  private Pointer argumentBase;

  /**
   * Opens the device: its primary context, a stream, the pinned staging buffers and, when cuBLAS
   * loaded, a cuBLAS handle. Any driver failure on the way undoes what was made and becomes a
   * {@link DeviceUnavailableException} naming the device and the failed call; a cuBLAS handle that
   * cannot be made only leaves GEMM to the tiled kernel, and the device's description (and
   * {@code fluxion devices}) says why.
   */
  CudaDriver(CudaProbe.Found found, String name) {
    this.found = found;
    CudaContext ctx = null;
    boolean streamMade = false;
    PinnedStaging pinned = null;
    try {
      ctx = new CudaContext(found.ordinal());
      JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
      streamMade = true;
      pinned = new PinnedStaging(stream);
    } catch (CudaException e) {
      DeviceUnavailableException failure =
          new DeviceUnavailableException(name + " (" + found.name() + ") could not be opened: " + e.getMessage(), e);
      if (streamMade) {
        undo(failure, () -> JCudaDriver.cuStreamDestroy(stream));
      }
      if (ctx != null) {
        undo(failure, ctx::release);
      }
      throw failure;
    }
    this.context = ctx;
    this.staging = pinned;
    this.frees = new DeferredFrees(stream);
    String gemmFailure = found.cublas().loaded() ? null : found.cublas().failure();
    CublasGemm gemm = null;
    if (gemmFailure == null) {
      try {
        gemm = new CublasGemm(context, stream, found.cublas().version());
      } catch (CudaException e) {
        gemmFailure = "cuBLAS " + found.cublas().version() + " loaded but its handle could not be made: " + e.getMessage();
        CudaProbe.recordGemmFallback(found.ordinal(), gemmFailure);
      }
    }
    this.cublas = gemm;
    // The prebuilt programs' sources assume CudaCompileCheck's target: 48 KiB of static shared memory per block.
    String why = gemmFailure == null ? "" : "; " + gemmFailure; // DriverBackend adds the GEMM path
    this.info = new DeviceInfo(name, found.description() + why, true, found.memoryBytes(), found.memoryBytes(),
        found.maxThreadsPerBlock(), CudaCompileCheck.CUDA_DEVICE.localMemoryBytes());
  }

  /** Runs one step of undoing a failed open; its own failure is attached to {@code failure}, never thrown. */
  private static void undo(RuntimeException failure, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public Dialect dialect() {
    return Dialect.CUDA;
  }

  @Override
  public Optional<LibraryGemm> gemm() {
    return Optional.ofNullable(cublas);
  }

  /** Device memory; blocks returned earlier are freed first, and on out-of-memory once more after waiting for them. */
  @Override
  public DeviceMemory allocate(long bytes) {
    context.makeCurrent();
    frees.reap();
    CUdeviceptr pointer = new CUdeviceptr();
    try {
      try {
        JCudaDriver.cuMemAlloc(pointer, bytes);
      } catch (CudaException e) {
        if (!outOfMemory(e) || !frees.flush()) {
          throw e;
        }
        JCudaDriver.cuMemAlloc(pointer, bytes);
      }
    } catch (CudaException e) {
      if (outOfMemory(e)) {
        throw new DriverOutOfMemoryException(info.name() + ": cuMemAlloc of " + bytes + " bytes: " + e.getMessage());
      }
      throw failure("cuMemAlloc of " + bytes + " bytes", e);
    }
    return new CudaMemory(pointer, bytes);
  }

  private static boolean outOfMemory(CudaException e) {
    return "CUDA_ERROR_OUT_OF_MEMORY".equals(e.getMessage());
  }

  /** Queues the memory's release behind the work queued so far (see {@link DeferredFrees}); never waits. */
  @Override
  public void free(DeviceMemory memory) {
    context.makeCurrent();
    try {
      frees.add((CudaMemory) memory);
    } catch (CudaException e) {
      throw failure("the release of " + memory.bytes() + " bytes (or a kernel queued before it)", e);
    }
  }

  @Override
  public void write(DeviceMemory dst, long dstByteOffset, Buffer src) {
    context.makeCurrent();
    try {
      staging.write(((CudaMemory) dst).pointer.withByteOffset(dstByteOffset), src);
    } catch (CudaException e) {
      throw failure("copy of " + src.remaining() + " elements to the device", e);
    }
  }

  @Override
  public void read(DeviceMemory src, long srcByteOffset, Buffer dst) {
    context.makeCurrent();
    try {
      staging.read(((CudaMemory) src).pointer.withByteOffset(srcByteOffset), dst);
    } catch (CudaException e) {
      throw failure("copy of " + dst.remaining() + " elements from the device (or a kernel queued before it)", e);
    }
  }

  @Override
  public DeviceProgram compile(String name, String source) {
    context.makeCurrent();
    byte[] image = found.kernels().kind() == KernelPath.Kind.PREBUILT ? found.prebuilt().image(name, source) : null;
    String origin = "prebuilt fatbin";
    if (image == null) {
      if (!found.kernels().nvrtc()) {
        throw new KernelCompileException(info.name() + ": program " + name + " is not among this jar's prebuilt kernels (its "
            + "source differs from the one built) and NVRTC cannot compile it here: " + found.kernels().description());
      }
      String arch = "compute_" + found.computeCapability();
      image = (NvrtcCompiler.ptx(info.name(), name, source, arch) + "\0").getBytes(StandardCharsets.UTF_8);
      origin = "NVRTC PTX for " + arch;
    }
    CUmodule module = new CUmodule();
    try {
      JCudaDriver.cuModuleLoadData(module, image);
    } catch (CudaException e) {
      throw new KernelCompileException(info.name() + ": cuModuleLoadData(" + name + ", " + origin + ") failed: " + e.getMessage()
          + (e.getMessage().contains("PTX") ? " (the driver is older than the PTX; see `fluxion devices`)" : ""));
    }
    CudaModule m = new CudaModule(name, module, origin);
    modules.add(m);
    return m;
  }

  @Override
  public DeviceKernel kernel(DeviceProgram program, String name) {
    context.makeCurrent();
    CudaModule m = (CudaModule) program;
    CUfunction f = new CUfunction();
    try {
      JCudaDriver.cuModuleGetFunction(f, m.module(), name);
    } catch (CudaException e) {
      throw failure("cuModuleGetFunction(" + name + ") in program " + m.name(), e);
    }
    return new CudaModule.Function(name, f);
  }

  @Override
  public void launch(DeviceKernel kernel, LaunchPlan plan, KernelArgs args) {
    CudaModule.Function f = (CudaModule.Function) kernel;
    int[] grid = new int[3];
    int[] block = new int[3];
    for (int d = 0; d < 3; d++) {
      long blocks = d < plan.dimensions() ? plan.global()[d] / plan.local()[d] : 1;
      if (blocks > found.maxGrid()[d]) {
        throw new UnsupportedOperationException(info.name() + ": " + f.name() + " needs " + blocks + " blocks along axis " + d
            + ", more than the device's " + found.maxGrid()[d] + " (launch " + Arrays.toString(plan.global()) + ")");
      }
      grid[d] = (int) blocks;
      block[d] = d < plan.dimensions() ? (int) plan.local()[d] : 1;
    }
    context.makeCurrent();
    try {
      JCudaDriver.cuLaunchKernel(f.function(), grid[0], grid[1], grid[2], block[0], block[1], block[2], 0, stream,
          Pointer.to(parameters(args)), null);
    } catch (CudaException e) {
      throw failure("cuLaunchKernel(" + f.name() + ")", e);
    }
  }

  /** One pointer per argument: to the memory's address, or into the arguments' value buffer. */
  private Pointer[] parameters(KernelArgs args) {
    if (args.values() != argumentValues) {
      argumentValues = args.values();
      argumentBase = Pointer.to(argumentValues); // the buffer's start, whatever its position
    }
    Pointer[] p = new Pointer[args.count()];
    for (int i = 0; i < p.length; i++) {
      DeviceMemory m = args.memory(i);
      p[i] = m != null ? ((CudaMemory) m).argument : argumentBase.withByteOffset(args.offset(i));
    }
    return p;
  }

  @Override
  public void synchronize() {
    context.makeCurrent();
    try {
      JCudaDriver.cuStreamSynchronize(stream);
      frees.reap();
    } catch (CudaException e) {
      throw failure("cuStreamSynchronize (a queued kernel failed)", e);
    }
  }

  @Override
  public void close() {
    context.makeCurrent();
    JCudaDriver.cuStreamSynchronize(stream);
    frees.flush();
    if (cublas != null) {
      cublas.close();
    }
    for (CudaModule m : modules) {
      JCudaDriver.cuModuleUnload(m.module());
    }
    staging.close();
    JCudaDriver.cuStreamDestroy(stream);
    context.release();
  }

  // ---- fused programs: generated kernels through NVRTC where it compiles, else the prebuilt interpreter ----

  @Override
  public Optional<String> noRuntimeCompiler() {
    return Optional.ofNullable(found.kernels().noNvrtc());
  }

  private IllegalStateException failure(String what, CudaException e) {
    return new IllegalStateException(info.name() + ": " + what + " failed: " + e.getMessage(), e);
  }
}
