package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.cli.sweep.SparkLaunch;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fluxion sweep --spark local[2]} as a user runs it: a child JVM started with Spark's
 * --add-opens flags, running SweepJob, writing Parquet that equals the local sweep.
 */
class SweepCommandOnSparkTest {
  @Test
  void theCommandRunsAChildJvmWithSparkAndWritesParquet(@TempDir Path dir) throws Exception {
    Path home = moduleHome(dir.resolve("home"));
    Path out = dir.resolve("sweep.parquet");
    int code = SparkLaunch.launch(home, "local[2]", List.of("x^2*y + sin(x*y)", "--var", "x=0:1:301", "--var",
        "y=-1:1:203", "--block", "4096", "--out", out.toString(), "--spark", "local[2]", "--partitions", "3"));
    assertEquals(0, code);
    List<Row> rows = TestSpark.session().read().parquet(out.toString()).orderBy("x", "y").collectAsList();
    SparkSweepTest.assertRowsEqual(SparkSweepTest.local(SparkSweepTest.grid2(dev.fluxion.DType.FLOAT64)), rows);
  }

  /**
   * A fluxion-spark home as the build makes it (fluxion-spark.jar and spark-libs/), from this test's
   * class path: the jar is a manifest whose Class-Path lists the class path's entries.
   */
  static Path moduleHome(Path home) throws Exception {
    Files.createDirectories(home.resolve("spark-libs"));
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" "));
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    try (OutputStream o = Files.newOutputStream(home.resolve("fluxion-spark.jar"))) {
      new JarOutputStream(o, m).close();
    }
    return home;
  }
}
