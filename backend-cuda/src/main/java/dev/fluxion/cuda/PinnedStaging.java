package dev.fluxion.cuda;

import dev.fluxion.kernels.HostBytes;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Copies between Java arrays and device memory through two page-locked host buffers, so that the
 * DMA engine moves the bytes ({@code cuMemcpy*Async} from pageable memory is staged by the driver
 * anyway, one bounce at a time). Chunks alternate between the buffers: the host fills or drains
 * one while the device copies the other, and an event recorded after each copy says when its
 * buffer may be touched again. A write returns once its last chunk is queued (the array may be
 * reused at once); a read returns when its last chunk has arrived.
 */
final class PinnedStaging implements AutoCloseable {
  static final int CHUNK_BYTES = 8 << 20;

  private final CUstream stream;
  private final Pointer[] host = new Pointer[2];
  private final ByteBuffer[] bytes = new ByteBuffer[2];
  private final CUevent[] copied = new CUevent[2];
  private int next;

  /**
   * Two pinned buffers and their events; when one cannot be made, what was made is freed and the
   * driver's error is thrown (a failure while freeing is attached to it, never thrown instead).
   * Waiting on an event blocks the thread ({@code CU_EVENT_BLOCKING_SYNC}) rather than spinning.
   */
  PinnedStaging(CUstream stream) {
    this.stream = stream;
    try {
      for (int i = 0; i < 2; i++) {
        Pointer buffer = new Pointer();
        JCudaDriver.cuMemAllocHost(buffer, CHUNK_BYTES);
        host[i] = buffer; // only memory the driver gave is ever freed
        bytes[i] = buffer.getByteBuffer(0, CHUNK_BYTES).order(ByteOrder.nativeOrder());
        CUevent event = new CUevent();
        JCudaDriver.cuEventCreate(event, CUevent_flags.CU_EVENT_DISABLE_TIMING | CUevent_flags.CU_EVENT_BLOCKING_SYNC);
        copied[i] = event;
      }
    } catch (RuntimeException e) {
      try {
        close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Queues the copy of {@code src}'s remaining elements to {@code dst}; {@code src} may be reused on return. */
  void write(CUdeviceptr dst, Buffer src) {
    int unit = elementBytes(src);
    int perChunk = CHUNK_BYTES / unit;
    long done = 0;
    for (int at = src.position(); at < src.limit(); at += perChunk) {
      int n = Math.min(perChunk, src.limit() - at);
      int b = take();
      put(bytes[b], src, at, n);
      JCudaDriver.cuMemcpyHtoDAsync(dst.withByteOffset(done), host[b], (long) n * unit, stream);
      JCudaDriver.cuEventRecord(copied[b], stream);
      done += (long) n * unit;
    }
  }

  /** Copies device memory into {@code dst}'s remaining elements, after every operation queued before. */
  void read(CUdeviceptr src, Buffer dst) {
    int unit = elementBytes(dst);
    int perChunk = CHUNK_BYTES / unit;
    int chunks = (dst.remaining() + perChunk - 1) / perChunk;
    int[] buffer = new int[chunks];
    for (int c = 0; c < chunks; c++) {
      if (c >= 2) {
        drain(buffer[c - 2], dst, c - 2, perChunk, unit); // frees the buffer chunk c reuses
      }
      buffer[c] = take();
      int n = Math.min(perChunk, dst.remaining() - c * perChunk);
      JCudaDriver.cuMemcpyDtoHAsync(host[buffer[c]], src.withByteOffset((long) c * perChunk * unit), (long) n * unit, stream);
      JCudaDriver.cuEventRecord(copied[buffer[c]], stream);
    }
    for (int c = Math.max(0, chunks - 2); c < chunks; c++) {
      drain(buffer[c], dst, c, perChunk, unit);
    }
  }

  /** The next buffer, once the copy last queued on it has finished. */
  private int take() {
    int b = next;
    next = 1 - next;
    JCudaDriver.cuEventSynchronize(copied[b]);
    return b;
  }

  private void drain(int b, Buffer dst, int chunk, int perChunk, int unit) {
    JCudaDriver.cuEventSynchronize(copied[b]);
    int at = dst.position() + chunk * perChunk;
    int n = Math.min(perChunk, dst.limit() - at);
    get(bytes[b], dst, at, n);
  }

  /** Copies elements {@code [at, at + n)} of {@code src} to the start of {@code into}. */
  private static void put(ByteBuffer into, Buffer src, int at, int n) {
    ByteBuffer to = into.clear();
    if (src instanceof FloatBuffer f) {
      to.asFloatBuffer().put(0, f, at, n);
    } else if (src instanceof DoubleBuffer d) {
      to.asDoubleBuffer().put(0, d, at, n);
    } else if (src instanceof IntBuffer i) {
      to.asIntBuffer().put(0, i, at, n);
    } else if (src instanceof LongBuffer l) {
      to.asLongBuffer().put(0, l, at, n);
    } else {
      to.put(0, (ByteBuffer) src, at, n);
    }
  }

  /** Copies {@code n} elements from the start of {@code from} to elements {@code [at, at + n)} of {@code dst}. */
  private static void get(ByteBuffer from, Buffer dst, int at, int n) {
    HostBytes.copy(from, dst.duplicate().limit(at + n).position(at));
  }

  static int elementBytes(Buffer b) {
    if (b instanceof ByteBuffer) {
      return 1;
    } else if (b instanceof IntBuffer || b instanceof FloatBuffer) {
      return 4;
    } else if (b instanceof LongBuffer || b instanceof DoubleBuffer) {
      return 8;
    }
    throw new IllegalArgumentException("no tensor elements in a " + b.getClass().getSimpleName());
  }

  /**
   * Waits for queued copies, then frees the buffers and events; every one is freed even when
   * freeing another fails (the first failure is thrown, the others attached to it).
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = 0; i < 2; i++) {
      CUevent event = copied[i];
      Pointer buffer = host[i];
      copied[i] = null;
      host[i] = null;
      if (event != null) {
        failure = attempt(failure, () -> JCudaDriver.cuEventSynchronize(event));
        failure = attempt(failure, () -> JCudaDriver.cuEventDestroy(event));
      }
      if (buffer != null) {
        failure = attempt(failure, () -> JCudaDriver.cuMemFreeHost(buffer));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException attempt(RuntimeException failure, Runnable step) {
    try {
      step.run();
      return failure;
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
      return failure;
    }
  }
}
