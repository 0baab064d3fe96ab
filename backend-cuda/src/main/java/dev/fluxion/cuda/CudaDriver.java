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
import dev.fluxion.kernels.HostBytes;
import dev.fluxion.kernels.PendingCopy;
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
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * One CUDA device through JCuda's driver API: its primary context (made current on every calling
 * thread), one non-blocking stream on which kernels and cuBLAS products are queued without
 * waiting, copies through pinned staging buffers (and {@link #readLater}'s on a second stream), and modules loaded from the jar's prebuilt
 * fatbins or compiled by NVRTC. Every driver error is an exception (JCuda's exceptions are on)
 * that this class words with what it was doing.
 */
final class CudaDriver implements Driver {
  private final CudaProbe.Found found;
  private final DeviceInfo info;
  private final CudaContext context;
  private final CUstream stream = new CUstream();
  /** The stream {@link #readLater}'s copies run on, beside the kernels of {@link #stream}. */
  private final CUstream copies = new CUstream();
  private final PinnedPool pinned = new PinnedPool();
  /** Copies queued by {@link #readLater} and not yet finished: what later work on their memory waits for. */
  private final List<InFlight> inFlight = new ArrayList<>();
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
    boolean copiesMade = false;
    PinnedStaging pinned = null;
    try {
      ctx = new CudaContext(found.ordinal());
      JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
      streamMade = true;
      JCudaDriver.cuStreamCreate(copies, CUstream_flags.CU_STREAM_NON_BLOCKING);
      copiesMade = true;
      pinned = new PinnedStaging(stream);
    } catch (CudaException e) {
      DeviceUnavailableException failure =
          new DeviceUnavailableException(name + " (" + found.name() + ") could not be opened: " + e.getMessage(), e);
      if (copiesMade) {
        undo(failure, () -> JCudaDriver.cuStreamDestroy(copies));
      }
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

  /** cuBLAS, its product queued after any pending copy of the memory it writes. */
  @Override
  public Optional<LibraryGemm> gemm() {
    if (cublas == null) {
      return Optional.empty();
    }
    return Optional.of(new LibraryGemm() {
      @Override
      public String description() {
        return cublas.description();
      }

      @Override
      public boolean gemm(dev.fluxion.kernels.GemmOperands operands) {
        afterCopiesOf(operands.c().memory());
        return cublas.gemm(operands);
      }
    });
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
      afterCopiesOf(memory);
      frees.add((CudaMemory) memory);
    } catch (CudaException e) {
      throw failure("the release of " + memory.bytes() + " bytes (or a kernel queued before it)", e);
    }
  }

  @Override
  public void write(DeviceMemory dst, long dstByteOffset, Buffer src) {
    context.makeCurrent();
    try {
      afterCopiesOf(dst);
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

  /**
   * Pinned double buffering's other half: the copy runs on the copy stream into a pinned buffer
   * once the kernels queued so far have finished (an event the copy stream waits for), while the
   * kernel stream goes on with the next block; later work that writes or frees {@code src} waits
   * for the copy on the device ({@link #afterCopiesOf}), never on the host.
   */
  @Override
  public PendingCopy readLater(DeviceMemory src, long srcByteOffset, long bytes) {
    context.makeCurrent();
    CUevent queued = new CUevent();
    CUevent copied = new CUevent();
    PinnedPool.Pinned host = null;
    try {
      host = pinned.take(bytes);
      JCudaDriver.cuEventCreate(queued, CUevent_flags.CU_EVENT_DISABLE_TIMING);
      JCudaDriver.cuEventRecord(queued, stream);
      JCudaDriver.cuStreamWaitEvent(copies, queued, 0);
      JCudaDriver.cuEventDestroy(queued);
      JCudaDriver.cuEventCreate(copied, CUevent_flags.CU_EVENT_DISABLE_TIMING | CUevent_flags.CU_EVENT_BLOCKING_SYNC);
      JCudaDriver.cuMemcpyDtoHAsync(host.pointer(), ((CudaMemory) src).pointer.withByteOffset(srcByteOffset), bytes, copies);
      JCudaDriver.cuEventRecord(copied, copies);
    } catch (CudaException e) {
      if (host != null) {
        pinned.give(host);
      }
      throw failure("queueing a copy of " + bytes + " bytes from the device", e);
    }
    InFlight f = new InFlight(src, copied);
    inFlight.add(f);
    PinnedPool.Pinned into = host;
    return dst -> {
      context.makeCurrent();
      try {
        JCudaDriver.cuEventSynchronize(copied);
        HostBytes.copy(into.bytes(), dst);
      } catch (CudaException e) {
        throw failure("copy of " + bytes + " bytes from the device (or a kernel queued before it)", e);
      } finally {
        inFlight.remove(f);
        pinned.give(into);
        JCudaDriver.cuEventDestroy(copied);
      }
    };
  }

  /** A copy on the copy stream that later work on its memory must follow. */
  private record InFlight(DeviceMemory memory, CUevent copied) {}

  /**
   * Makes the kernel stream wait (on the device) for the pending copies out of {@code memory}. Every
   * operation of this driver that writes or frees device memory calls it first: launches, host
   * writes, frees and cuBLAS products; a new one must too.
   */
  private void afterCopiesOf(DeviceMemory memory) {
    for (InFlight f : inFlight) {
      if (f.memory() == memory) {
        JCudaDriver.cuStreamWaitEvent(stream, f.copied(), 0);
      }
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
      if (!inFlight.isEmpty()) {
        for (int i = 0; i < args.count(); i++) {
          if (args.memory(i) != null) {
            afterCopiesOf(args.memory(i));
          }
        }
      }
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
      JCudaDriver.cuStreamSynchronize(copies);
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
    JCudaDriver.cuStreamSynchronize(copies);
    staging.close();
    pinned.close();
    JCudaDriver.cuStreamDestroy(copies);
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
