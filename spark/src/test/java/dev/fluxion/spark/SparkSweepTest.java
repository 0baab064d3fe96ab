package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Block;
import dev.fluxion.cli.sweep.BlockStream;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.ParquetSink;
import dev.fluxion.cli.sweep.Summary;
import dev.fluxion.cli.sweep.SummaryReport;
import dev.fluxion.cli.sweep.SweepSpec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps as Spark jobs on local[2] equal the local streaming sweep, row for row and bit for bit. */
class SparkSweepTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.session();
  }

  static SweepSpec grid2(DType dtype) {
    Grid grid = new Grid(List.of(new Axis("x", 0, 1, 301), new Axis("y", -1, 1, 203)), false);
    return new SweepSpec("x^2*y + sin(x*y)", grid, dtype, false, 4096, SweepSpec.Evaluator.FUSED);
  }

  /** The local streaming sweep's rows, as doubles. */
  static List<double[]> local(SweepSpec spec) {
    List<double[]> rows = new ArrayList<>();
    try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
      for (Block b = s.next(); b != null; b = s.next()) {
        int dims = b.coords.length;
        for (int i = 0; i < b.count; i++) {
          double[] r = new double[dims + b.values.length];
          for (int c = 0; c < r.length; c++) {
            r[c] = c < dims ? b.coords[c][i] : b.values[c - dims][i];
          }
          rows.add(r);
        }
      }
    }
    return rows;
  }

  static void assertRowsEqual(List<double[]> want, List<Row> got) {
    assertEquals(want.size(), got.size(), "rows");
    for (int i = 0; i < want.size(); i++) {
      double[] w = want.get(i);
      Row g = got.get(i);
      for (int c = 0; c < w.length; c++) {
        double v = ((Number) g.get(c)).doubleValue();
        if (Double.doubleToRawLongBits(w[c]) != Double.doubleToRawLongBits(v)) {
          throw new AssertionError("row " + i + " column " + c + ": local " + w[c] + ", spark " + v);
        }
      }
    }
  }

  @Test
  void theJobsRowsEqualTheLocalSweepRowForRow() {
    for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
      SweepSpec spec = grid2(dtype);
      Dataset<Row> rows = FluxionSpark.sweep(spark, spec, 7, null);
      assertEquals(List.of("x", "y", "f", "df_dx", "df_dy"), List.of(rows.columns()));
      assertRowsEqual(local(spec), rows.collectAsList());
    }
  }

  @Test
  void theJobsSummaryIsTheLocalSummary() {
    SweepSpec spec = new SweepSpec("x^3-3x", Grid.of(new Axis("x", -2, 2, 100_003)), DType.FLOAT64, false, 1000,
        SweepSpec.Evaluator.FUSED);
    Summary local = new Summary(spec.outputs(), 1);
    try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
      for (Block b = s.next(); b != null; b = s.next()) {
        local.add(b, spec.grid());
      }
    }
    for (int parts : new int[] {1, 3, 8}) {
      Summary distributed = FluxionSpark.summary(spark, spec, parts, null);
      assertEquals(report(local, spec), report(distributed, spec), parts + " tasks");
    }
    assertTrue(report(local, spec).contains("critical points of f (sign changes of f'): 2"), report(local, spec));
  }

  static String report(Summary s, SweepSpec spec) {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    SummaryReport.print(new PrintStream(text, true, StandardCharsets.UTF_8), s, spec);
    return text.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parquetFilesReadBackEqual(@TempDir Path dir) throws Exception {
    SweepSpec spec = grid2(DType.FLOAT64);
    String sparkParquet = dir.resolve("spark.parquet").toString();
    FluxionSpark.sweep(spark, spec, 4, null).write().parquet(sparkParquet);
    List<double[]> want = local(spec);
    assertRowsEqual(want, spark.read().parquet(sparkParquet).orderBy("x", "y").collectAsList());
    // fluxion sweep --out FILE.parquet (no Spark): the hand-written writer, read by Spark's Parquet reader
    Path local = dir.resolve("local.parquet");
    try (OutputStream out = Files.newOutputStream(local)) {
      ParquetSink sink = new ParquetSink(out, spec.columns(), false);
      try (BlockStream s = BlockStream.open(spec, Device.cpu(), 0, spec.grid().size())) {
        for (Block b = s.next(); b != null; b = s.next()) {
          sink.accept(b);
        }
      }
      sink.close();
    }
    Dataset<Row> read = spark.read().parquet(local.toString());
    assertEquals(List.of("x", "y", "f", "df_dx", "df_dy"), List.of(read.columns()));
    for (var field : read.schema().fields()) {
      assertEquals(org.apache.spark.sql.types.DataTypes.DoubleType, field.dataType(), field.name());
    }
    assertRowsEqual(want, read.collectAsList());
  }

  @Test
  void theUdfAndWithGradientGiveTheFormulasDerivatives() {
    Dataset<Row> points = spark.createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create(0.5, -1.0), org.apache.spark.sql.RowFactory.create(2.0, 0.25),
        org.apache.spark.sql.RowFactory.create(-1.5, 3.0)),
        new org.apache.spark.sql.types.StructType().add("x", "double").add("y", "double"));
    List<Row> viaUdf = points.select(functions.col("x"), functions.col("y"),
        FluxionSpark.gradient("x^2*y + sin(x*y)", "x", "y").as("g")).select("x", "y", "g.f", "g.df_dx", "g.df_dy")
        .collectAsList();
    List<Row> viaBlocks = FluxionSpark.withGradient(points, "x^2*y + sin(x*y)", "x", "y").collectAsList();
    for (List<Row> rows : List.of(viaUdf, viaBlocks)) {
      assertEquals(3, rows.size());
      for (Row r : rows) {
        double x = r.getDouble(0);
        double y = r.getDouble(1);
        assertEquals(x * x * y + Math.sin(x * y), r.getDouble(2), 1e-14);
        assertEquals(2 * x * y + y * Math.cos(x * y), r.getDouble(3), 1e-14);
        assertEquals(x * x + x * Math.cos(x * y), r.getDouble(4), 1e-14);
      }
    }
  }
}
