package dev.fluxion.spark;

import dev.fluxion.DType;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Block;
import dev.fluxion.cli.sweep.BlockStream;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.Summary;
import dev.fluxion.cli.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Derivative sweeps as Spark jobs. The grid's points 0 … n−1 are split into consecutive ranges,
 * one per task; a task receives only its range's number (no data is shipped) and sweeps its
 * range in blocks with Fluxion, on its GPU when Spark gave it one ({@link TaskDevice}).
 *
 * <pre>{@code
 * Dataset<Row> rows = FluxionSpark.sweep(spark, "x^2*y + sin(x*y)",
 *     Axis.parse("x=0:1:1000"), Axis.parse("y=-1:1:500"));   // columns x, y, f, df_dx, df_dy
 * rows.write().parquet("sweep.parquet");
 * Summary s = FluxionSpark.summary(spark, spec, 0, null);       // the same as fluxion sweep --summary
 * }</pre>
 */
public final class FluxionSpark {
  private FluxionSpark() {}

  /** The grid sweep of {@code formula} over {@code ranges} in FLOAT64, with its gradient. */
  public static Dataset<Row> sweep(SparkSession spark, String formula, Axis... ranges) {
    SweepSpec spec = new SweepSpec(formula, new Grid(Arrays.asList(ranges), false), DType.FLOAT64, false,
        SweepSpec.DEFAULT_BLOCK, SweepSpec.Evaluator.COMPILED);
    return sweep(spark, spec, 0, null);
  }

  /**
   * The rows of {@code spec}'s sweep: columns {@link #schema(SweepSpec)}, in grid order.
   *
   * @param partitions Spark tasks, or 0 for one per core ({@code defaultParallelism})
   * @param device the device of tasks that were given no GPU (null: the default device)
   */
  public static Dataset<Row> sweep(SparkSession spark, SweepSpec spec, int partitions, String device) {
    return sweep(spark, spec, partitions, device, TaskFault.NONE);
  }

  static Dataset<Row> sweep(SparkSession spark, SweepSpec spec, int partitions, String device, TaskFault fault) {
    int parts = partitions(spark, spec.grid().size(), partitions);
    long n = spec.grid().size();
    JavaRDD<Row> rows = tasks(spark, parts).mapPartitionsWithIndex(
        (part, ignored) -> new RangeRows(spec, device, Ranges.start(n, parts, part), Ranges.end(n, parts, part), part,
            fault), true);
    return spark.createDataFrame(rows, schema(spec));
  }

  /** The {@code --summary} of {@code spec}'s sweep: each task summarises its range, the driver merges them in order. */
  public static Summary summary(SparkSession spark, SweepSpec spec, int partitions, String device) {
    int parts = partitions(spark, spec.grid().size(), partitions);
    long n = spec.grid().size();
    List<Summary> partial = tasks(spark, parts).mapPartitionsWithIndex(
        (part, ignored) -> List.of(summarise(spec, device, Ranges.start(n, parts, part), Ranges.end(n, parts, part)))
            .iterator(), true).collect();
    Summary total = partial.get(0);
    for (int i = 1; i < partial.size(); i++) {
      total.merge(partial.get(i));
    }
    return total;
  }

  private static Summary summarise(SweepSpec spec, String device, long from, long to) {
    Summary s = new Summary(spec.outputs(), spec.grid().dimensions());
    if (from == to) {
      return s;
    }
    try (BlockStream stream = BlockStream.open(spec, TaskDevice.of(device), from, to)) {
      for (Block b = stream.next(); b != null; b = stream.next()) {
        s.add(b, spec.grid());
      }
    }
    return s;
  }

  /** x…, f, df_dx… (then the Hessian's entries), DoubleType or FloatType, not nullable. */
  public static StructType schema(SweepSpec spec) {
    DataType type = spec.dtype() == DType.FLOAT32 ? DataTypes.FloatType : DataTypes.DoubleType;
    List<StructField> fields = new ArrayList<>();
    for (String c : spec.columns()) {
      fields.add(DataTypes.createStructField(c, type, false));
    }
    return DataTypes.createStructType(fields);
  }

  /** One task per range; each receives only its index. */
  private static JavaRDD<Integer> tasks(SparkSession spark, int parts) {
    List<Integer> ids = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      ids.add(i);
    }
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, parts);
  }

  /**
   * The tasks of a sweep: as requested, else one per core of the cluster ({@code
   * defaultParallelism}); never more than the points. The work per point is uniform and each task
   * pays a fixed cost (its plan's trace, its blocks' buffers), so one task per core beat two per
   * core (10⁸ points of x³−3x, {@code --summary} on local[2]: the job took 3.2 s against 3.6 s,
   * medians of 5; docs/sweeps.md).
   */
  static int partitions(SparkSession spark, long points, int requested) {
    int parts = requested > 0 ? requested : spark.sparkContext().defaultParallelism();
    return (int) Math.max(1, Math.min(parts, points));
  }

  /**
   * {@code df} with f and its partial derivatives ({@code f, df_dx, ...}) appended, the formula's
   * variables read from the columns of the same names; computed in blocks of rows with Fluxion.
   */
  public static Dataset<Row> withGradient(Dataset<Row> df, String formula, String... columns) {
    ColumnGradients g = new ColumnGradients(formula, List.of(columns));
    StructType in = df.schema();
    int[] indices = new int[columns.length];
    for (int k = 0; k < columns.length; k++) {
      indices[k] = in.fieldIndex(columns[k]);
    }
    StructType out = in;
    for (String name : g.outputs()) {
      out = out.add(name, DataTypes.DoubleType, true);
    }
    StructType schema = out;
    return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> g.rows(rows, indices, null), Encoders.row(schema));
  }

  /**
   * A UDF of one struct argument (the formula's variables, in order) returning the struct
   * {@code (f, df_dx, ...)}: {@code df.select(FluxionSpark.gradientUdf("x^2*y", "x", "y").apply(struct(col("x"),
   * col("y"))))}, or registered for SQL with {@code spark.udf().register("grad", udf)}. One row at
   * a time; {@link #withGradient} computes blocks of rows at once and is much faster.
   */
  public static UserDefinedFunction gradientUdf(String formula, String... variables) {
    ColumnGradients g = new ColumnGradients(formula, List.of(variables));
    List<StructField> fields = new ArrayList<>();
    for (String name : g.outputs()) {
      fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, true));
    }
    UDF1<Row, Row> f = point -> {
      double[] p = new double[point.length()];
      for (int k = 0; k < p.length; k++) {
        p[k] = point.isNullAt(k) ? Double.NaN : ((Number) point.get(k)).doubleValue();
      }
      double[] v = g.at(p);
      Object[] boxed = new Object[v.length];
      for (int m = 0; m < v.length; m++) {
        boxed[m] = v[m];
      }
      return RowFactory.create(boxed);
    };
    return functions.udf(f, DataTypes.createStructType(fields));
  }

  /** The UDF applied to the columns named like the formula's variables. */
  public static Column gradient(String formula, String... columns) {
    Column[] cols = new Column[columns.length];
    for (int k = 0; k < columns.length; k++) {
      cols[k] = functions.col(columns[k]);
    }
    return gradientUdf(formula, columns).apply(functions.struct(cols));
  }
}
