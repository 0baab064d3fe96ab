package dev.fluxion.cuda;

import jcuda.CudaException;
import jcuda.driver.CUctx_flags;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * A device's primary context (the one the CUDA runtime and cuBLAS share), retained on open and
 * released on close, and made current on whichever thread calls in: a context is current per
 * thread, and the engine may call a device from any thread. The context waits for the GPU by
 * blocking the calling thread ({@code CU_CTX_SCHED_BLOCKING_SYNC}), not by spinning a core.
 */
final class CudaContext {
  private final CUdevice device;
  private final CUcontext context = new CUcontext();
  private final CUcontext seen = new CUcontext();
  private final String schedule;

  /** Retains and makes current the primary context of device {@code ordinal}; on failure nothing stays retained. */
  CudaContext(int ordinal) {
    device = new CUdevice();
    JCudaDriver.cuDeviceGet(device, ordinal);
    schedule = blockingSync(device);
    JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
    try {
      makeCurrent();
    } catch (RuntimeException e) {
      try {
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Asks for the blocking-sync schedule before the primary context is created; where another
   * library made it active first with other flags (older drivers refuse to change them), it
   * keeps its schedule, and the returned text says so.
   */
  private static String blockingSync(CUdevice device) {
    try {
      JCudaDriver.cuDevicePrimaryCtxSetFlags(device, CUctx_flags.CU_CTX_SCHED_BLOCKING_SYNC);
      return "blocking sync";
    } catch (CudaException e) {
      return "driver's default schedule (" + e.getMessage() + " setting blocking sync)";
    }
  }

  /** How the context waits for the GPU, for descriptions. */
  String schedule() {
    return schedule;
  }

  /**
   * Makes the context current on the calling thread unless the driver says it already is (any
   * code may change a thread's current context between two calls of Fluxion's).
   */
  void makeCurrent() {
    JCudaDriver.cuCtxGetCurrent(seen);
    if (!context.equals(seen)) {
      JCudaDriver.cuCtxSetCurrent(context);
    }
  }

  /** Releases the primary context (after everything created in it was destroyed). */
  void release() {
    JCudaDriver.cuDevicePrimaryCtxRelease(device);
  }
}
