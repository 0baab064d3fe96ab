package dev.fluxion.spark;

import dev.fluxion.cli.sweep.SparkRequest;
import dev.fluxion.cli.sweep.SparkSweeps;
import dev.fluxion.cli.sweep.Summary;
import dev.fluxion.cli.sweep.SummaryReport;
import dev.fluxion.cli.sweep.SweepSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code fluxion sweep --spark MASTER}, in the JVM that holds Spark (found with ServiceLoader). */
public final class SparkSweepsImpl implements SparkSweeps {
  @Override
  public int run(SparkRequest request, PrintStream out, PrintStream err) {
    SweepSpec spec = request.spec();
    SparkSession.Builder builder = SparkSession.builder().appName("fluxion sweep " + spec.formula())
        .config("spark.ui.showConsoleProgress", "false");
    if (request.master() != null) {
      builder.master(request.master());
      if (request.master().startsWith("local")) {
        builder.config("spark.ui.enabled", "false");
      } else {
        ownJar().ifPresent(jar -> builder.config("spark.jars", jar));
      }
    }
    boolean owned = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = builder.getOrCreate();
    try {
      long n = spec.grid().size();
      if (request.out() != null) {
        long t0 = System.nanoTime();
        Dataset<Row> rows = FluxionSpark.sweep(spark, spec, request.partitions(), request.device());
        if (request.out().toLowerCase(Locale.ROOT).endsWith(".csv")) {
          rows.write().option("header", "true").csv(request.out());
        } else {
          rows.write().parquet(request.out());
        }
        err.printf(Locale.ROOT, "spark %s: wrote %d rows (%s) to %s in %.1f ms%n", spark.sparkContext().master(), n,
            String.join(", ", spec.columns()), request.out(), (System.nanoTime() - t0) / 1e6);
      }
      if (request.summary()) {
        long t0 = System.nanoTime();
        Summary s = FluxionSpark.summary(spark, spec, request.partitions(), request.device());
        long nanos = System.nanoTime() - t0;
        err.printf(Locale.ROOT, "spark %s: swept %d points in %.1f ms (%d tasks; %s, %s)%n", spark.sparkContext().master(),
            n, nanos / 1e6, tasks(spark, request, n), spec.dtype().numpyName(),
            request.device() == null ? "default device" : request.device());
        SummaryReport.print(out, s, spec);
        out.flush();
      }
      return 0;
    } finally {
      if (owned) {
        spark.stop();
      }
    }
  }

  private static int tasks(SparkSession spark, SparkRequest request, long n) {
    return FluxionSpark.partitions(spark, n, request.partitions());
  }

  /** The jar this class came from, for executors of a cluster master to fetch (spark.jars). */
  private static java.util.Optional<String> ownJar() {
    try {
      Path p = Path.of(SparkSweepsImpl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return p.toString().endsWith(".jar") ? java.util.Optional.of(p.toString()) : java.util.Optional.empty();
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }
}
