package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad option of {@code fluxion sweep} is refused before any work: exit code 2, one line
 * naming the problem, nothing on stdout and no file written.
 */
class SweepBadInputTest {
  @TempDir
  static Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "x | --from 0 --to 1 --points 0 | --points must be >= 1, got 0",
      "x | --from 0 --to 1 | --from, --to and --points go together; missing --points",
      "x | --from -1e999 --to 1 --points 3 | --from and --to must be finite",
      "x | --from 0 --to Infinity --points 3 | --from and --to must be finite",
      "x | | give the points: --from A --to B --points N",
      "x | --from 0 --to 1 --points 3 --var x=0:1:3 | give either --from/--to/--points (for x) or --var",
      "x*y | --var x=0:1 | --var needs NAME=FROM:TO:POINTS (e.g. x=0:1:1000), got 'x=0:1'",
      "x | --var x=a:1:3 | --var x: 'a' is not a number",
      "x | --var x=0:1:0 | the range of x needs at least 1 point, got 0",
      "x | --var x=0:1:2.5 | --var x: the number of points must be a whole number, got '2.5'",
      "x | --var x=0:NaN:3 | the range of x must have finite bounds",
      "pi | --var pi=0:1:3 | 'pi' cannot name a variable: it is a constant",
      "x | --var sin=0:1:3 | 'sin' cannot name a variable: it is a function",
      "x | --var x=0:1:3 --var x=0:2:3 | --var x is given twice",
      "x*y | --var x=0:1:3 --var y=0:1:4 --zip | --zip pairs points, so every --var needs the same number of points",
      "x | --from 0 --to 1 --points 3 --zip | --zip pairs the points of several --var variables",
      "x*z | --var x=0:1:3 --var y=0:1:3 | cannot parse the formula: unknown identifier 'z' at column 3; valid names are x, y, pi, e",
      "sin(x)) | --from 0 --to 1 --points 3 | cannot parse the formula: unexpected ')' at column 7",
      "x | --from 0 --to 1 --points 3 --block 0 | --block must be >= 1, got 0",
      "x | --from 0 --to 1 --points 3000000000 --block 2000000000 | use a smaller --block",
      "x | --from 0 --to 1 --points 3 --dtype int32 | --dtype must be float32 or float64, got int32",
      "x | --from 0 --to 1 --points 3 --dtype float16 | --dtype must be float32 or float64, got float16",
      "x | --from 0 --to 1 --points 3 --device tpu | unknown device 'tpu'",
      "x | --from 0 --to 1 --points 3 --fused --eager | --fused and --eager exclude each other",
      "x | --from 0 --to 1 --points 3 --out /no/such/dir/f.csv | --out /no/such/dir/f.csv: the directory /no/such/dir does not exist",
      "x | --from 0 --to 1 --points 3 --out OUT/f.txt | the file name must end in .csv, .npy or .parquet",
      "x | --from 0 --to 1 --points 3 --out OUT | is a directory",
      "x | --from 0 --to 1 --points 3 --plot /no/such/dir/p.png | --plot /no/such/dir/p.png: the directory /no/such/dir does not exist",
      "x | --from 0 --to 1 --points 3 --plot OUT/p.jpg | --plot OUT/p.jpg: the file name must end in .png",
      "x*y*z | --var x=0:1:3 --var y=0:1:3 --var z=0:1:3 --plot OUT/p.png | --plot draws sweeps of one variable or the grid of two",
      "x | --from 0 --to 1 --points 3 --spark local[2] | --spark needs --summary or --out FILE.parquet",
      "x | --from 0 --to 1 --points 3 --spark local[2] --out OUT/f.npy | the file name must end in .parquet or .csv with --spark",
      "x | --from 0 --to 1 --points 3 --spark local[2] --summary --partitions 0 | --partitions must be >= 1, got 0",
      "x | --from 0 --to 1 --points 3 --spark local[2] --summary --plot OUT/p.png | --plot is not available with --spark",
  })
  void isRefusedWithOneLine(String formula, String options, String message) throws Exception {
    List<String> args = new ArrayList<>(List.of("sweep", formula));
    if (options != null) {
      for (String o : options.trim().split("\\s+")) {
        args.add(o.replace("OUT", dir.toString()));
      }
    }
    long filesBefore;
    try (var s = Files.list(dir)) {
      filesBefore = s.count();
    }
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    String err = r.err().replace(dir.toString(), "OUT");
    assertTrue(err.startsWith("fluxion sweep: "), err);
    assertTrue(err.contains(message), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    if (!message.startsWith("cannot parse")) {
      assertEquals(1, err.lines().count(), err);
    }
    assertEquals("", r.out());
    try (var s = Files.list(dir)) {
      assertEquals(filesBefore, s.count(), "no file written");
    }
  }

  @org.junit.jupiter.api.Test
  void sparkWithoutTheSparkModuleSaysHowToBuildIt() throws Exception {
    Path empty = Files.createTempDirectory(dir, "no-spark");
    System.setProperty("fluxion.spark.home", empty.toString());
    try {
      CliRun r = CliRun.of("sweep", "x", "--from", "0", "--to", "1", "--points", "3", "--summary", "--spark", "local[2]");
      assertEquals(2, r.exitCode(), r.err());
      assertEquals("fluxion sweep: --spark needs the fluxion-spark module, which is not built here: run `mvn -B -q "
          + "-DskipTests -pl spark -am package` in the source tree, or set FLUXION_SPARK_HOME to a directory with "
          + "fluxion-spark.jar and spark-libs/", r.err().strip());
    } finally {
      System.clearProperty("fluxion.spark.home");
    }
  }

  @org.junit.jupiter.api.Test
  void aFormulaStartingWithMinusIsAFormula() {
    CliRun r = CliRun.of("sweep", "-x^2", "--from", "0", "--to", "1", "--points", "3");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("0.5                      -0.25                    -1.0"), r.out());
  }

  @org.junit.jupiter.api.Test
  void float32PrintsFloatDigits() {
    CliRun r = CliRun.of("sweep", "exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)", "--from", "1", "--to",
        "10", "--points", "10", "--dtype", "float32");
    assertEquals(0, r.exitCode(), r.err());
    String first = r.out().lines().skip(1).findFirst().orElseThrow();
    assertTrue(first.matches("1\\.0 +83\\.9847[0-9]* +-74\\.4764[0-9]*"), first);
    assertFalse(first.contains("83.98471069335938"), first);
  }
}
