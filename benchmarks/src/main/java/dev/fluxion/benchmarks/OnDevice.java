package dev.fluxion.benchmarks;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.cli.bench.Warmup;
import dev.fluxion.cli.bench.Workload;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A workload's inputs on one device, for one trial. {@link BenchmarksMain} (the jar's main)
 * fills the device parameter with every available device, {@code -p device=…} overrides it, and
 * the annotation's {@code cpu} is what JMH's own main would use. A device that cannot be opened
 * fails the trial with the reason.
 */
@State(Scope.Benchmark)
public abstract class OnDevice {
  /** A device name such as {@code cpu} or {@code opencl:0}. */
  @Param("cpu")
  public String device;

  /** {@code float32} or {@code float64}. */
  @Param("float32")
  public String dtype;

  /** Enough runs for the CPU to ask for each SIMD kernel 16 times. */
  static final int WARMUP_RUNS = 20;

  private Device opened;
  private Workload.Body body;

  /** The workload at this state's size parameter. */
  abstract Workload workload();

  /**
   * Opens the device, makes the inputs, and runs the workload until the device has compiled the
   * kernels it uses (see {@link Warmup}: the CPU's SIMD kernels compile in the background, which
   * JMH's warm-up iterations cannot see) before JMH's own warm-up.
   */
  @Setup(Level.Trial)
  public void prepare() {
    opened = Device.of(device);
    body = workload().prepare(opened, DType.parse(dtype));
    if (!Warmup.run(body, opened, WARMUP_RUNS, 0)) {
      System.err.println("warning: " + opened + " still compiles kernels after " + (int) Warmup.MAX_SECONDS + " s: "
          + opened.description());
    }
  }

  @TearDown(Level.Trial)
  public void release() {
    body.close();
  }

  /**
   * Runs the workload once and waits for it; a result on any other device than the one asked
   * for throws, so that no figure is ever silently another device's.
   */
  Device runOnce() {
    Device ranOn = body.runAndWait();
    if (ranOn != opened) {
      throw new IllegalStateException("asked for " + opened + " but the result is on " + ranOn);
    }
    return ranOn;
  }
}
