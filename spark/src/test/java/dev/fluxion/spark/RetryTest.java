package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.DType;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.SweepSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A task that fails once part-way is retried by Spark, and the result has every row exactly once. */
class RetryTest {
  static final AtomicInteger FAILURES = new AtomicInteger();

  @Test
  void aTaskThatFailsOnceIsRetriedWithNoDuplicatedOrMissingRows() {
    SparkSession spark = TestSpark.session();     // local[2, 2]: a task may fail once and be retried
    {
      SweepSpec spec = new SweepSpec("x^2*y + sin(x*y)",
          new Grid(List.of(new Axis("x", 0, 1, 101), new Axis("y", -1, 1, 99)), false), DType.FLOAT64, false, 500,
          SweepSpec.Evaluator.FUSED);
      TaskFault failOnce = (partition, attempt, rows) -> {
        if (partition == 2 && attempt == 0 && rows == 1234) {
          FAILURES.incrementAndGet();
          throw new IllegalStateException("injected failure in partition 2 after 1234 rows");
        }
      };
      List<Row> rows = FluxionSpark.sweep(spark, spec, 5, null, failOnce).collectAsList();
      assertEquals(1, FAILURES.get(), "the task failed once");
      assertEquals(spec.grid().size(), rows.size());
      SparkSweepTest.assertRowsEqual(SparkSweepTest.local(spec), rows);
      long distinct = FluxionSpark.sweep(spark, spec, 5, null).select("x", "y").distinct().count();
      assertEquals(spec.grid().size(), distinct);
    }
  }
}
