package dev.fluxion.cli.bench;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;

/**
 * A benchmark workload at one size. {@link #prepare} puts its inputs on a device; the returned
 * {@link Body} is what gets timed. {@code fluxion bench} and the JMH benchmarks of the
 * {@code benchmarks} module time the same bodies.
 */
public interface Workload {
  /** Short name, e.g. {@code matmul}. */
  String name();

  /** Problem size: number of points, or the side of the square matrices for matmul. */
  long size();

  /** Name and size, e.g. {@code matmul 1024}. */
  default String label() {
    return name() + " " + size();
  }

  /**
   * Creates the inputs on {@code device} (not modified later); they live until the body is
   * closed. Throws what the device throws for an unsupported dtype.
   */
  Body prepare(Device device, DType dtype);

  /** Thrown by {@link #prepare} for a workload this build does not have (a row says so; not a failure). */
  final class NotAvailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAvailable(String why) {
      super(why);
    }
  }

  /** The timed computation, its inputs already on the device. */
  interface Body extends AutoCloseable {
    /**
     * Queues the computation and returns its result, which an asynchronous device may not have
     * computed yet.
     */
    Tensor run();

    /** Frees the inputs. */
    @Override
    void close();

    /**
     * Runs once inside a {@link Tensor#scope()} (so every temporary is freed), waits for the
     * device that holds the result, and returns that device: the one that actually ran it.
     */
    default Device runAndWait() {
      try (Scope scope = Tensor.scope()) {
        Device ranOn = run().device();
        ranOn.synchronize();
        return ranOn;
      }
    }
  }
}
