package dev.fluxion.cli.sweep;

import java.io.PrintStream;

/**
 * Runs sweeps as Spark jobs: implemented by the fluxion-spark module and found with
 * {@link java.util.ServiceLoader} when its jar (and Spark) are on the class path.
 */
public interface SparkSweeps {
  /** Runs the job and returns the exit code. */
  int run(SparkRequest request, PrintStream out, PrintStream err);
}
