package dev.fluxion.cli.gpucheck;

import java.util.List;

/**
 * How one step of {@code fluxion gpucheck} ended.
 *
 * @param step the step
 * @param result {@link #PASS}, {@link #FAIL}, {@link #STOPPED} or {@link #NOT_RUN}
 * @param seconds how long it ran
 * @param budgetSeconds the time it was given
 * @param figures what it found, for the summary (one entry per line)
 */
record Outcome(Step step, String result, double seconds, double budgetSeconds, List<String> figures) {
  static final String PASS = "PASS";
  static final String FAIL = "FAIL";
  static final String STOPPED = "STOPPED AT BUDGET";
  static final String NOT_RUN = "NOT RUN";

  boolean passed() {
    return result.equals(PASS);
  }
}
