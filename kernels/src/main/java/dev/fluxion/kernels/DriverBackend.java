package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.DeviceStats;
import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.PendingRead;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one {@link DeviceBackend} of every device API: each SPI method becomes launches of the
 * specialised kernels of this module on a {@link Driver}. Memory comes from a
 * {@link CachingAllocator}, programs from a per-device cache keyed by source hash. Kernels are
 * queued asynchronously in order; only {@link #read} and {@link #synchronize} wait.
 *
 * <p>Counters ({@link #stats()}): bytes written from and read into Java arrays, kernels
 * launched, bytes obtained from the driver (in use or cached) and bytes cached.
 */
public final class DriverBackend implements DeviceBackend {
  private final Driver driver;
  private final DeviceInfo info;
  private final CachingAllocator allocator;
  private final Launcher launcher;
  private final MapLaunches maps;
  private final ReduceLaunches reductions;
  private final MatmulLaunches matmuls;
  private final LinalgLaunches linalgs;
  private final IndexLaunches indexing;
  private final FusedLaunches fusedPrograms;
  private final AtomicLong hostToDevice = new AtomicLong();
  private final AtomicLong deviceToHost = new AtomicLong();

  /** How a device without a library GEMM describes its GEMM path. */
  public static final String TILED_GEMM = "GEMM: the kernels module's tiled kernel";

  /** Work-items per work-group that the kernels' launch plans use. */
  static final int REQUIRED_WORK_GROUP = 256;

  /**
   * The device behind {@code driver}.
   *
   * @throws DeviceUnavailableException when the device's work-groups are too small for the kernels
   */
  public DriverBackend(Driver driver) {
    this.driver = driver;
    this.info = driver.info();
    if (info.maxWorkGroupSize() < REQUIRED_WORK_GROUP) {
      throw new DeviceUnavailableException(info.name() + " (" + info.description() + ") runs work-groups of at most "
          + info.maxWorkGroupSize() + " work-items; Fluxion's kernels need " + REQUIRED_WORK_GROUP);
    }
    this.allocator = new CachingAllocator(driver);
    this.launcher = new Launcher(driver);
    this.maps = new MapLaunches(this, launcher);
    this.reductions = new ReduceLaunches(this, launcher, maps);
    this.matmuls = new MatmulLaunches(this, launcher, maps, driver.gemm().orElse(null));
    this.linalgs = new LinalgLaunches(this, launcher, maps);
    this.indexing = new IndexLaunches(this, launcher, maps);
    this.fusedPrograms = new FusedLaunches(this, launcher, driver, maps, reductions,
        FusedPath.choose(System.getProperty(FusedPath.PROPERTY), compiler(driver), driver.noRuntimeCompiler()));
  }

  /** What compiles generated kernels on OpenCL devices, as {@link FusedPath} names it. */
  public static final String OPENCL_COMPILER = "the OpenCL driver (clBuildProgram)";

  private static String compiler(Driver driver) {
    return driver.dialect() == Dialect.CUDA ? "NVRTC" : OPENCL_COMPILER;
  }

  @Override
  public String name() {
    return info.name();
  }

  /**
   * The driver's description and the GEMM path: the tiled kernel, or the driver's library with how
   * many products it and the tiled kernel ran so far.
   */
  @Override
  public synchronized String description() {
    return info.description() + "; " + matmuls.report() + "; " + fusedPrograms.report();
  }

  @Override
  public boolean supports(DType dtype) {
    return dtype != DType.FLOAT64 || info.fp64();
  }

  @Override
  public synchronized Buffer allocate(DType dtype, long elements) {
    if (!supports(dtype)) {
      throw new UnsupportedOperationException(name() + " (" + description() + ") does not support " + dtype.numpyName());
    }
    long bytes = Math.max(1, elements) * dtype.byteSize();
    return new DriverBuffer(this, dtype, allocator.allocate(bytes, () -> elements + " " + dtype.numpyName() + " elements"));
  }

  @Override
  public synchronized void release(Buffer buffer) {
    allocator.release(own(buffer, "release", "buffer").memory);
  }

  @Override
  public synchronized void write(Buffer dst, long dstOffset, Object javaArray, int srcOffset, int count) {
    DriverBuffer b = own(dst, "write", "destination");
    checkRange(b, dstOffset, count, "write");
    if (count > 0) {
      driver.write(b.memory, dstOffset * b.dtype().byteSize(), HostArrays.source(javaArray, srcOffset, count));
      hostToDevice.addAndGet((long) count * b.dtype().byteSize());
    }
  }

  @Override
  public synchronized void read(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count) {
    DriverBuffer b = own(src, "read", "source");
    checkRange(b, srcOffset, count, "read");
    if (count > 0) {
      java.nio.Buffer into = HostArrays.destination(javaArray, dstOffset, count);
      driver.read(b.memory, srcOffset * b.dtype().byteSize(), into);
      HostArrays.finish(into, javaArray, dstOffset, count);
      deviceToHost.addAndGet((long) count * b.dtype().byteSize());
    }
  }

  /**
   * Queues the copy into the driver's host memory ({@link Driver#readLater}: pinned on CUDA, on a
   * copy stream; a non-blocking read on OpenCL) and moves the elements into the array when the
   * result is awaited; kernels queued meanwhile run while the bytes travel.
   */
  @Override
  public synchronized PendingRead readLater(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count) {
    DriverBuffer b = own(src, "readLater", "source");
    checkRange(b, srcOffset, count, "readLater");
    java.nio.Buffer into = HostArrays.destination(javaArray, dstOffset, count); // checks the array's type first
    if (count == 0) {
      return PendingRead.DONE;
    }
    long bytes = (long) count * b.dtype().byteSize();
    PendingCopy copy = driver.readLater(b.memory, srcOffset * b.dtype().byteSize(), bytes);
    deviceToHost.addAndGet(bytes);
    return new PendingRead() {
      private boolean done;

      @Override
      public void await() {
        synchronized (DriverBackend.this) {
          if (!done) {
            done = true;
            copy.finish(into);
            HostArrays.finish(into, javaArray, dstOffset, count);
          }
        }
      }
    };
  }

  @Override
  public synchronized void unary(UnaryOp op, View x, View out) {
    maps.unary(op, x, out);
  }

  @Override
  public synchronized void binary(BinaryOp op, View a, View b, View out) {
    maps.binary(op, a, b, out);
  }

  @Override
  public synchronized void where(View cond, View a, View b, View out) {
    maps.where(cond, a, b, out);
  }

  @Override
  public synchronized void reduce(ReduceOp op, View x, int[] axes, View out) {
    reductions.reduce(op, x, axes, out);
  }

  @Override
  public synchronized void matmul(View a, View b, View out) {
    matmuls.matmul(a, b, out);
  }

  @Override
  public synchronized void copy(View src, View dst) {
    maps.copy(src, dst);
  }

  // ---- Linear algebra (issue 14) ----

  @Override
  public synchronized long linalg(LinalgOp op, View[] in, View out) {
    return linalgs.linalg(op, in, out);
  }

  // ---- end of linear algebra ----
  // ---- fused programs ----

  @Override
  public boolean supportsFused() {
    return fusedPrograms.path().kind() != FusedPath.Kind.OFF;
  }

  /** Runs the program as one kernel (generated or interpreted); every output is validated before anything runs. */
  @Override
  public synchronized void fused(FusedProgram program, View[] inputs, View[] outputs) {
    fusedPrograms.run(program, inputs, outputs);
  }

  /** How fused programs run here (see {@link FusedPath}). */
  public synchronized FusedPath fusedPath() {
    return fusedPrograms.path();
  }

  /**
   * Switches how fused programs run from now on, as {@code -Dfluxion.fused=...} would at start
   * (for tests and benchmarks that compare the paths in one process).
   */
  public synchronized void selectFusedPath(FusedPath.Kind kind) {
    fusedPrograms.select(FusedPath.choose(kind.name(), compiler(driver), driver.noRuntimeCompiler()));
  }

  /** Fused programs run so far: {generated kernels, interpreter, op by op in the backend}. */
  public synchronized long[] fusedRuns() {
    return fusedPrograms.runs();
  }

  /** Fused programs compiled at run time so far: {count, total nanoseconds, nanoseconds of the last}. */
  public synchronized long[] fusedCompiles() {
    return launcher.programs().generatedCompiles();
  }

  @Override
  public synchronized void fill(FillOp op, View out, double... params) {
    maps.fill(op, out, params);
  }

  // ---- Indexing: gather and scatter-add along one axis (issue 14) ----

  @Override
  public synchronized void gather(View x, View index, int axis, View out) {
    indexing.gather(x, index, axis, out);
  }

  @Override
  public synchronized void scatterAdd(View index, View src, int axis, View out) {
    indexing.scatterAdd(index, src, axis, out);
  }

  // ---- end of indexing ----

  @Override
  public synchronized void synchronize() {
    driver.synchronize();
  }

  @Override
  public DeviceStats stats() {
    return new DeviceStats(hostToDevice.get(), deviceToHost.get(), launcher.launches(), allocator.allocatedBytes(),
        allocator.cachedBytes(), 0);
  }

  @Override
  public void resetStats() {
    hostToDevice.set(0);
    deviceToHost.set(0);
    launcher.resetLaunches();
  }

  /**
   * The buffer as one of this device's, or a clear error naming the op, the operand's role and
   * both devices ({@code op}, a token or a name, is spelled out only then).
   */
  DriverBuffer own(Buffer buffer, Object op, String role) {
    if (buffer instanceof DriverBuffer d && d.owner == this) {
      return d;
    }
    throw new IllegalArgumentException(name() + ": " + op.toString().toLowerCase(java.util.Locale.ROOT) + " (" + role
        + ") was given " + buffer + ", which is not a buffer of " + name());
  }

  private static void checkRange(DriverBuffer b, long offset, int count, String op) {
    if (offset < 0 || count < 0 || offset + count > b.capacity()) {
      throw new IllegalArgumentException(op + ": elements [" + offset + ", " + (offset + count) + ") are outside " + b);
    }
  }
}
