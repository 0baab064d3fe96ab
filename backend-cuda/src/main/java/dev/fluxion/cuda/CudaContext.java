package dev.fluxion.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * A device's primary context (the one the CUDA runtime and cuBLAS share), retained on open and
 * released on close, and made current on whichever thread calls in: a context is current per
 * thread, and the engine may call a device from any thread.
 */
final class CudaContext {
  /** The context current on each thread, as far as Fluxion set it. */
  private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();

  private final CUdevice device;
  private final CUcontext context = new CUcontext();

  CudaContext(int ordinal) {
    device = new CUdevice();
    JCudaDriver.cuDeviceGet(device, ordinal);
    JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
    makeCurrent();
  }

  /** Makes the context current on the calling thread (a thread-local check when it already is). */
  void makeCurrent() {
    if (CURRENT.get() != context) {
      JCudaDriver.cuCtxSetCurrent(context);
      CURRENT.set(context);
    }
  }

  /** Releases the primary context (after everything created in it was destroyed). */
  void release() {
    if (CURRENT.get() == context) {
      CURRENT.remove();
    }
    JCudaDriver.cuDevicePrimaryCtxRelease(device);
  }
}
