package dev.fluxion.cuda;

import java.util.ArrayDeque;
import jcuda.CudaException;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Device memory returned by the caching allocator, freed only once the stream has run every
 * operation queued before the return: each block waits behind an event recorded on the stream,
 * and {@code cuMemFree} runs when a later call finds that event complete ({@link #reap}), or after
 * waiting for it when the memory is needed now ({@link #flush}: out of memory, close). Returning
 * memory never stops the stream; the events complete in queue order, so only the oldest is asked.
 */
final class DeferredFrees {
  private record Pending(CudaMemory memory, CUevent queuedBefore) {}

  private final CUstream stream;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  DeferredFrees(CUstream stream) {
    this.stream = stream;
  }

  /** Frees {@code memory} once everything queued so far has run; returns at once. */
  void add(CudaMemory memory) {
    CUevent event = new CUevent();
    JCudaDriver.cuEventCreate(event, CUevent_flags.CU_EVENT_DISABLE_TIMING | CUevent_flags.CU_EVENT_BLOCKING_SYNC);
    try {
      JCudaDriver.cuEventRecord(event, stream);
    } catch (RuntimeException e) {
      JCudaDriver.cuEventDestroy(event);
      throw e;
    }
    pending.add(new Pending(memory, event));
  }

  /** Frees the blocks whose queued work has run, without waiting. */
  void reap() {
    while (!pending.isEmpty() && hasRun(pending.peek().queuedBefore())) {
      free(pending.poll());
    }
  }

  /** Waits for the work queued before every pending block and frees them all; whether there were any. */
  boolean flush() {
    boolean any = !pending.isEmpty();
    while (!pending.isEmpty()) {
      Pending p = pending.poll();
      JCudaDriver.cuEventSynchronize(p.queuedBefore());
      free(p);
    }
    return any;
  }

  /** Bytes returned and not yet freed. */
  long pendingBytes() {
    return pending.stream().mapToLong(p -> p.memory().bytes()).sum();
  }

  private static boolean hasRun(CUevent event) {
    try {
      JCudaDriver.cuEventQuery(event);
      return true;
    } catch (CudaException e) {
      if ("CUDA_ERROR_NOT_READY".equals(e.getMessage())) {
        return false;
      }
      throw e;
    }
  }

  private static void free(Pending p) {
    JCudaDriver.cuEventDestroy(p.queuedBefore());
    JCudaDriver.cuMemFree(p.memory().pointer);
  }
}
