package dev.fluxion.cpu;

import dev.fluxion.DType;
import dev.fluxion.DeviceStats;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU device: tensors are Java arrays, kernels are multithreaded Java loops, GEMM goes
 * through BLAS. Kernels run synchronously on the calling thread (split over the cores).
 */
final class CpuDevice implements DeviceBackend {
  private final ArrayPool pool = new ArrayPool(Runtime.getRuntime().maxMemory() / 3);
  private final AtomicLong hostToDevice = new AtomicLong();
  private final AtomicLong deviceToHost = new AtomicLong();
  private final AtomicLong launches = new AtomicLong();

  /**
   * Cores, JVM, heap, the GEMM path and the elementwise math path with its warm-up state (which
   * SIMD kernels are compiled so far: until then their scalar loops run).
   */
  static String describe() {
    return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version") + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, GEMM: "
        + Gemm.implementation() + ", LAPACK: " + Lapack.implementation() + ", math: " + Simd.describe()
        + (Simd.ENABLED && VecMath.ACCELERATED ? " " + SimdWarmup.describe() : "");
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String description() {
    return describe();
  }

  @Override
  public boolean supports(DType dtype) {
    return true;
  }

  @Override
  public Buffer allocate(DType dtype, long elements) {
    if (elements > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cpu: " + elements + " elements exceed the largest Java array");
    }
    return pool.allocate(dtype, (int) elements);
  }

  @Override
  public void release(Buffer buffer) {
    pool.release((CpuBuffer) buffer);
  }

  @Override
  public void write(Buffer dst, long dstOffset, Object javaArray, int srcOffset, int count) {
    CpuBuffer b = (CpuBuffer) dst;
    System.arraycopy(javaArray, srcOffset, b.array, (int) dstOffset, count);
    hostToDevice.addAndGet((long) count * b.dtype.byteSize());
  }

  @Override
  public void read(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count) {
    CpuBuffer b = (CpuBuffer) src;
    System.arraycopy(b.array, (int) srcOffset, javaArray, dstOffset, count);
    deviceToHost.addAndGet((long) count * b.dtype.byteSize());
  }

  @Override
  public void unary(UnaryOp op, View x, View out) {
    launches.incrementAndGet();
    Elementwise.unary(op, x, out);
  }

  @Override
  public void binary(BinaryOp op, View a, View b, View out) {
    launches.incrementAndGet();
    Elementwise.binary(op, a, b, out);
  }

  @Override
  public void where(View cond, View a, View b, View out) {
    launches.incrementAndGet();
    Elementwise.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, View x, int[] axes, View out) {
    launches.incrementAndGet();
    Reductions.reduce(op, x, axes, out);
  }

  @Override
  public void matmul(View a, View b, View out) {
    launches.incrementAndGet();
    Matmul.matmul(a, b, out, pool);
  }

  @Override
  public void copy(View src, View dst) {
    launches.incrementAndGet();
    Elementwise.copy(src, dst);
  }

  @Override
  public boolean supportsFused() {
    return true;
  }

  @Override
  public void fused(FusedProgram program, View[] inputs, View[] outputs) {
    launches.incrementAndGet();
    FusedKernel.run(program, inputs, outputs);
  }

  // ---- Linear algebra (issue 14) ----

  @Override
  public long linalg(LinalgOp op, View[] in, View out) {
    launches.incrementAndGet();
    return CpuLinalg.run(op, in, out);
  }

  // ---- end of linear algebra ----

  @Override
  public void fill(FillOp op, View out, double... params) {
    launches.incrementAndGet();
    Fills.fill(op, out, params);
  }

  // ---- Indexing: gather and scatter-add along one axis (issue 14) ----

  @Override
  public void gather(View x, View index, int axis, View out) {
    launches.incrementAndGet();
    GatherScatter.gather(x, index, axis, out);
  }

  @Override
  public void scatterAdd(View index, View src, int axis, View out) {
    launches.incrementAndGet();
    GatherScatter.scatterAdd(index, src, axis, out);
  }

  /** The loops check every index as they read it (one pass, as PyTorch's CPU kernels do). */
  @Override
  public boolean checksIndices() {
    return true;
  }

  // ---- end of indexing ----

  @Override
  public void synchronize() {
    // Kernels run synchronously.
  }

  @Override
  public DeviceStats stats() {
    return new DeviceStats(hostToDevice.get(), deviceToHost.get(), launches.get(), pool.allocatedBytes(),
        pool.cachedBytes(), 0);
  }

  @Override
  public void resetStats() {
    hostToDevice.set(0);
    deviceToHost.set(0);
    launches.set(0);
  }
}
