package dev.fluxion.cli.bench;

import dev.fluxion.Device;
import java.util.Arrays;

/**
 * Times a workload body on a device: a {@link Warmup} of at least {@code warmupRuns} runs and
 * {@code warmupSeconds}, then {@code runs} timed runs, each waited for on its device before the
 * clock is read ({@link Workload.Body#runAndWait}).
 *
 * @param warmupRuns least number of warm-up runs
 * @param warmupSeconds least warm-up time
 * @param runs timed runs
 */
record Stopwatch(int warmupRuns, double warmupSeconds, int runs) {
  Stopwatch {
    if (warmupRuns < 0 || runs < 1 || !(warmupSeconds >= 0)) {
      throw new IllegalArgumentException("warm-up runs and seconds must be >= 0 and runs >= 1, got "
          + warmupRuns + ", " + warmupSeconds + ", " + runs);
    }
  }

  /**
   * What one timing found.
   *
   * @param medianMs median time of a run
   * @param minMs fastest run
   * @param ranOn the device that held every result (the last one, if they differed)
   * @param description that device's description after the timed runs
   * @param note empty, or what makes the figure doubtful (the results were on another device,
   *     the description changed during the timed runs, kernels were still compiling after the
   *     longest warm-up)
   */
  record Timing(double medianMs, double minMs, Device ranOn, String description, String note) {}

  Timing time(Workload.Body body, Device device) {
    boolean capped = !Warmup.run(body, device, warmupRuns, warmupSeconds);
    String before = device.description();
    double[] ms = new double[runs];
    Device ranOn = null;
    boolean mixed = false;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Device d = body.runAndWait();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      mixed |= ranOn != null && d != ranOn;
      ranOn = d;
    }
    String after = ranOn.description();
    Arrays.sort(ms);
    return new Timing(ms[runs / 2], ms[0], ranOn, after, note(device, ranOn, mixed, !before.equals(device.description()), capped));
  }

  private static String note(Device asked, Device ranOn, boolean mixed, boolean changed, boolean capped) {
    StringBuilder note = new StringBuilder();
    if (ranOn != asked || mixed) {
      note.append("results on ").append(ranOn.name()).append(mixed ? " and others" : "").append(", not ")
          .append(asked.name()).append("; ");
    }
    if (changed) {
      note.append("device description changed during the timed runs; ");
    }
    if (capped) {
      note.append("warm-up stopped after ").append((int) Warmup.MAX_SECONDS).append(" s with kernels still compiling; ");
    }
    return note.length() == 0 ? "" : note.substring(0, note.length() - 2);
  }
}
