package dev.fluxion.cli.bench;

/**
 * One workload on one device: its timing, or why there is none.
 *
 * @param workload what ran
 * @param dtype the inputs' dtype, e.g. {@code float32}
 * @param device the device asked for, as named on the command line or by {@code Device.name()}
 * @param timing the measurement, or null when nothing was measured
 * @param failure null, or why nothing was measured ({@code unavailable: …}, {@code failed: …})
 * @param loadAverage the system's one-minute load average when the row was done (negative if unknown)
 */
record Row(Workload workload, String dtype, String device, Stopwatch.Timing timing, String failure, double loadAverage) {
  static Row measured(Workload w, String dtype, String device, Stopwatch.Timing timing, double load) {
    return new Row(w, dtype, device, timing, null, load);
  }

  static Row failed(Workload w, String dtype, String device, String failure, double load) {
    return new Row(w, dtype, device, null, failure, load);
  }

  /** The device that held the results, or empty when nothing ran. */
  String ranOn() {
    return timing == null ? "" : timing.ranOn().name();
  }

  /** The failure, or the timing's note (empty when all is well). */
  String note() {
    return timing == null ? failure : timing.note();
  }
}
