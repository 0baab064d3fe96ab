package dev.fluxion.cli.bench;

import dev.fluxion.Device;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warm-up of a workload body on a device, until the device runs its steady-state code. The CPU
 * compiles a SIMD kernel in the background only after loops have asked for it 16 times (once per
 * core and op call), and runs the kernel's scalar loop until it is compiled; its description
 * ends with {@code (kernels: N compiled, M compiling)}. So the warm-up goes on while the device's
 * description says that kernels are compiling.
 */
public final class Warmup {
  /** The longest warm-up, in seconds. */
  public static final double MAX_SECONDS = 60;

  /** A description's count of kernels being compiled, as the CPU device writes it. */
  private static final Pattern COMPILING = Pattern.compile("\\b(\\d+) compiling\\)");

  private Warmup() {}

  /**
   * Runs {@code body} at least {@code minRuns} times and for at least {@code minSeconds}, then
   * while {@code device}'s description says kernels are compiling, at most {@link #MAX_SECONDS}
   * in all. Returns false when it stopped at that limit with kernels still compiling.
   */
  public static boolean run(Workload.Body body, Device device, int minRuns, double minSeconds) {
    long start = System.nanoTime();
    for (int i = 0; i < minRuns || seconds(start) < minSeconds || compiling(device.description()); i++) {
      if (seconds(start) >= MAX_SECONDS) {
        return false;
      }
      body.runAndWait();
    }
    return true;
  }

  /** Whether {@code description} says that some of the device's kernels are still compiling. */
  static boolean compiling(String description) {
    Matcher m = COMPILING.matcher(description);
    return m.find() && Integer.parseInt(m.group(1)) > 0;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
