package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  private static final String FORMULA = "exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)";
  private static final double[] DERIVATIVE_AT_1_TO_10 = {-7.44764313e+01, -1.09475963e+01, -3.78281290e+00,
      -1.86451297e+00, -1.29207692e+00, -1.07197583e+00, -7.90459238e-01, -3.96212428e-01, -8.16203127e-02,
      -3.17648949e-02};

  private static double[] column(List<String> rows, int col) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r.trim().split("[ ,]+")[col])).toArray();
  }

  private static void assertRelative(double[] want, double[] got, double tol) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * Math.abs(want[i]), "row " + i);
    }
  }

  @Test
  void printsOneRowPerPointWithTheDerivative() {
    CliRun r = CliRun.of("sweep", FORMULA, "--from", "1", "--to", "10", "--points", "10");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("x"), lines.get(0));
    List<String> rows = lines.subList(1, lines.size());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, column(rows, 0), 1e-12);
    assertRelative(DERIVATIVE_AT_1_TO_10, column(rows, 2), 1e-6);
    assertEquals(83.98470663589093, column(rows, 1)[0], 1e-9);
  }

  @Test
  void theFusedSweepGivesTheSameTable() {
    CliRun tape = CliRun.of("sweep", FORMULA, "--from", "0.5", "--to", "10", "--points", "37");
    CliRun fused = CliRun.of("sweep", FORMULA, "--from", "0.5", "--to", "10", "--points", "37", "--fused");
    assertEquals(0, fused.exitCode(), fused.err());
    List<String> a = tape.out().lines().toList();
    List<String> b = fused.out().lines().toList();
    for (int col = 0; col < 3; col++) {
      assertRelative(column(a.subList(1, a.size()), col), column(b.subList(1, b.size()), col), 1e-13);
    }
    CliRun constant = CliRun.of("sweep", "2*pi", "--from", "0", "--to", "1", "--points", "3", "--fused");
    assertEquals(0, constant.exitCode(), constant.err());
    List<String> c = constant.out().lines().toList();
    assertArrayEquals(new double[] {0, 0, 0}, column(c.subList(1, 4), 2));
  }

  @Test
  void float32SweepsAgreeWithFloat64ToSinglePrecision() {
    CliRun r = CliRun.of("sweep", FORMULA, "--from", "1", "--to", "10", "--points", "10", "--dtype", "float32");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertRelative(DERIVATIVE_AT_1_TO_10, column(lines.subList(1, lines.size()), 2), 2e-4);
  }

  @Test
  void writesCsvAndPng(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("sweep.csv");
    Path png = dir.resolve("sweep.png");
    CliRun r = CliRun.of("sweep", "x^2", "--from", "-1", "--to", "1", "--points", "5", "--out", csv.toString(),
        "--plot", png.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("x,f,df_dx", lines.get(0));
    assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, column(lines.subList(1, 6), 2), 1e-12);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, head, "a PNG file");
  }

  @Test
  void aConstantFormulaHasZeroDerivative() {
    CliRun r = CliRun.of("sweep", "2*pi", "--from", "0", "--to", "1", "--points", "3");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertArrayEquals(new double[] {0, 0, 0}, column(lines.subList(1, 4), 2));
    assertArrayEquals(new double[] {2 * Math.PI, 2 * Math.PI, 2 * Math.PI}, column(lines.subList(1, 4), 1), 1e-15);
  }

  @Test
  void largeSweepsReportTheirTime() {
    CliRun r = CliRun.of("sweep", "sin x", "--from", "0", "--to", "1", "--points", "1000001", "--quiet");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().matches("(?s).*swept 1000001 points in [0-9.]+ ms \\([0-9.]+ M points/s; blocks of 524288; "
        + "float64, cpu, compiled\\).*"), r.err());
    assertEquals("", r.out());
    CliRun eager = CliRun.of("sweep", "sin x", "--from", "0", "--to", "1", "--points", "1000001", "--quiet", "--eager",
        "--block", "100000");
    assertEquals(0, eager.exitCode(), eager.err());
    assertTrue(eager.err().contains("blocks of 100000; float64, cpu, eager"), eager.err());
  }

  @Test
  void aParseErrorPointsAtTheColumn() {
    CliRun r = CliRun.of("sweep", "sin(x))", "--from", "0", "--to", "1", "--points", "3");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unexpected ')' at column 7"), r.err());
    assertTrue(r.err().contains("      ^"), r.err());
  }

  @Test
  void badOptionsAreRefused() {
    assertEquals(2, CliRun.of("sweep", "x", "--from", "0", "--to", "1", "--points", "0").exitCode());
    CliRun dtype = CliRun.of("sweep", "x", "--from", "0", "--to", "1", "--points", "3", "--dtype", "int32");
    assertEquals(2, dtype.exitCode());
    assertTrue(dtype.err().contains("float32 or float64"), dtype.err());
    CliRun device = CliRun.of("sweep", "x", "--from", "0", "--to", "1", "--points", "3", "--device", "tpu");
    assertEquals(2, device.exitCode());
    assertTrue(device.err().contains("unknown device 'tpu'"), device.err());
  }

  @Test
  void devicesListsTheCpuAndWhyOthersAreMissing() {
    CliRun r = CliRun.of("devices");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cpu") && l.contains("available") && l.contains("GEMM")), r.out());
    assertTrue(r.out().contains("cuda"), r.out());
    assertTrue(r.out().contains("default: cpu"), r.out());
  }
}
