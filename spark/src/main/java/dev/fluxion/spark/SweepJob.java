package dev.fluxion.spark;

import dev.fluxion.cli.Main;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class for spark-submit (and for {@code fluxion sweep --spark}'s child JVM): the
 * arguments of {@code fluxion sweep}, run as a Spark job.
 *
 * <pre>
 * spark-submit --master yarn --class dev.fluxion.spark.SweepJob fluxion-spark.jar \
 *     "x^3-3x" --from -2 --to 2 --points 1000000000 --summary
 * </pre>
 * Without {@code --spark MASTER} the master is spark-submit's ({@code spark.master}).
 */
public final class SweepJob {
  private SweepJob() {}

  public static void main(String[] args) {
    List<String> sweep = new ArrayList<>();
    sweep.add("sweep");
    sweep.addAll(List.of(args));
    if (!sweep.contains("--spark")) {
      String master = System.getProperty("spark.master");
      if (master == null) {
        System.err.println("fluxion sweep: SweepJob runs under spark-submit (which sets spark.master), or give --spark MASTER");
        System.exit(2);
      }
      sweep.add("--spark");
      sweep.add(master);
    }
    Main.main(sweep.toArray(String[]::new));
  }
}
