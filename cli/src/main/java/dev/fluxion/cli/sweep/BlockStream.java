package dev.fluxion.cli.sweep;

import dev.fluxion.Device;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The blocks of points {@code from … to−1} of a sweep, computed on a producer thread while the
 * caller consumes an earlier block: three host blocks rotate, so computing overlaps with whatever
 * the caller does with the results (summary, file output). On a device the producer queues block
 * k+1 before it waits for block k's results ({@link BlockFunction#start}), so the device computes
 * one block while the previous one's results travel to the host (CUDA: a copy stream into pinned
 * memory; OpenCL: non-blocking reads) and the host fills the next block's coordinates. Memory is
 * constant: three host blocks and at most two blocks' device buffers, however many points.
 *
 * <pre>{@code
 * try (BlockStream s = BlockStream.open(spec, device, 0, spec.grid().size())) {
 *   for (Block b = s.next(); b != null; b = s.next()) { ... }   // b is valid until the next call
 * }
 * }</pre>
 */
public final class BlockStream implements AutoCloseable {
  private static final Block END = new Block(1, 1, 1);

  private static final int HOST_BLOCKS = 3;

  private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(HOST_BLOCKS);
  private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(HOST_BLOCKS + 1);
  /**
   * Whether block k+1 is started before block k is finished: on devices. The CPU reads at once, so
   * there it would only keep a second set of outputs alive (the compiled plan's outputs could not
   * be reused by the next block).
   */
  private final boolean pipelined;
  private final Thread producer;
  private volatile Throwable failure;
  private volatile boolean closed;
  private Block current;
  private boolean ended;

  private BlockStream(SweepSpec spec, Device device, long from, long to) {
    if (from < 0 || to > spec.grid().size() || from > to) {
      throw new IllegalArgumentException("BlockStream: the range " + from + ".." + to + " is not within the grid's "
          + spec.grid().size() + " points");
    }
    int capacity = spec.blockFor(Math.max(1, to - from));
    int dims = spec.grid().dimensions();
    int outputs = spec.outputs().size();
    pipelined = !"cpu".equals(device.family());
    for (int i = 0; i < HOST_BLOCKS; i++) {
      free.add(new Block(dims, outputs, capacity));
    }
    producer = new Thread(() -> produce(spec, device, capacity, from, to), "fluxion-sweep-blocks");
    producer.setDaemon(true);
  }

  /** Starts computing the blocks of points {@code from … to−1} of {@code spec}'s grid on {@code device}. */
  public static BlockStream open(SweepSpec spec, Device device, long from, long to) {
    BlockStream s = new BlockStream(spec, device, from, to);
    s.producer.start();
    return s;
  }

  private void produce(SweepSpec spec, Device device, int capacity, long from, long to) {
    boolean float32 = spec.dtype() == dev.fluxion.DType.FLOAT32;
    try (BlockFunction function = BlockFunction.create(spec, device, capacity)) {
      Block inFlight = null;
      BlockFunction.Started started = null;
      try {
        for (long start = from; start < to && !closed; start += capacity) {
          Block b = free.take();
          b.start = start;
          b.count = (int) Math.min(capacity, to - start);
          spec.grid().fill(start, b.count, b.coords, float32);
          BlockFunction.Started next = function.start(b);
          if (!pipelined) {
            next.finish();
            full.put(b);
            continue;
          }
          if (inFlight != null) {
            BlockFunction.Started previous = started;
            started = null;
            previous.finish();
            full.put(inFlight);
          }
          inFlight = b;
          started = next;
        }
        if (inFlight != null) {
          BlockFunction.Started last = started;
          started = null;
          last.finish();
          full.put(inFlight);
        }
      } finally {
        if (started != null) { // stopped or failed: the copies still on their way finish before the buffers go
          finishQuietly(started);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure = t;
    } finally {
      full.offer(END);
    }
  }

  /** Waits for a block nobody will read; what it throws is secondary to what stopped the loop (reported then). */
  private static void finishQuietly(BlockFunction.Started started) {
    try {
      started.finish();
    } catch (RuntimeException | Error ignored) {
      // the stream was closed or failed: the failure reported is the one that stopped it
    }
  }

  /**
   * The next block, or null after the last one. The block returned before is handed back to the
   * producer: its arrays are overwritten from now on.
   *
   * @throws RuntimeException what the computation threw (an {@code Error} such as
   *     OutOfMemoryError is rethrown as it is)
   */
  public Block next() {
    if (ended) {
      return null;
    }
    if (current != null) {
      free.offer(current);
      current = null;
    }
    Block b;
    try {
      b = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a block", e);
    }
    if (b == END) {
      ended = true;
      Throwable t = failure;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
      return null;
    }
    current = b;
    return b;
  }

  /** Stops the producer (after the block it is computing) and waits for it to free its buffers. */
  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    try {
      producer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
