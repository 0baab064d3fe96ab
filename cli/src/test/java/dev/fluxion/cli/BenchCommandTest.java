package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fluxion bench} at small sizes: what it prints and writes, and what it refuses. */
class BenchCommandTest {
  private static final String[] SMALL = {"bench", "--elementwise", "1000", "--reduction", "1000", "--matmul", "8,16",
      "--sweep", "100", "--warmup", "1", "--warmup-seconds", "0", "--runs", "2"};
  private static final List<String> WORKLOADS = List.of("elementwise", "reduction", "matmul", "matmul", "sweep");
  private static final int COLUMNS = 11;

  private static CliRun bench(String... more) {
    List<String> args = new ArrayList<>(Arrays.asList(SMALL));
    args.addAll(Arrays.asList(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The CSV's data rows, split into fields (no field of these rows holds a quote). */
  private static List<String[]> csvRows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    assertEquals("workload,size,dtype,device,ran_on,median_ms,min_ms,vs_cpu,note,description,load_average", lines.get(0));
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      assertEquals(COLUMNS, f.length, line);
      rows.add(f);
    }
    return rows;
  }

  @Test
  void timesEveryWorkloadOnEveryAvailableDeviceAndWritesCsvAndPng(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bench.csv");
    Path png = dir.resolve("bench.png");
    CliRun r = bench("--csv", csv.toString(), "--plot", png.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> devices = Device.available().stream().map(Device::name).toList();
    List<String[]> rows = csvRows(csv);
    assertEquals(WORKLOADS.size() * devices.size(), rows.size());
    for (int w = 0; w < WORKLOADS.size(); w++) {
      for (int d = 0; d < devices.size(); d++) {
        String[] row = rows.get(w * devices.size() + d);
        assertEquals(WORKLOADS.get(w), row[0]);
        assertEquals("float32", row[2]);
        assertEquals(devices.get(d), row[3], "asked for");
        assertEquals(devices.get(d), row[4], "ran on");
        assertTrue(Double.parseDouble(row[5]) > 0 && Double.parseDouble(row[6]) <= Double.parseDouble(row[5]), row[5]);
        assertTrue(row[9].contains(Device.of(devices.get(d)).description().substring(0, 20)), row[9]);
        if (row[3].equals("cpu")) {
          assertEquals(1.0, Double.parseDouble(row[7]));
          assertTrue(row[9].contains("GEMM: ") && row[9].contains("math: "), row[9]);
        }
      }
    }
    assertEquals(List.of("8", "16"), rows.stream().filter(f -> f[0].equals("matmul")).map(f -> f[1]).distinct().toList());
    for (String d : devices) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(d + ": ")), "description of " + d + " printed:\n" + r.out());
    }
    byte[] magic = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
  }

  @Test
  void printsOneTableRowPerWorkloadAndDevice() {
    CliRun r = bench("--device", "cpu", "--dtype", "float64");
    assertEquals(0, r.exitCode(), r.err());
    List<String> table = r.out().lines().filter(l -> l.matches("^(elementwise|reduction|matmul|sweep) .*")).toList();
    assertEquals(WORKLOADS.size(), table.size(), r.out());
    assertTrue(table.stream().allMatch(l -> l.matches("\\S+ +\\d+ +cpu +cpu +[0-9.]+ +[0-9.]+ +1\\.00( .*)?")), r.out());
    assertTrue(r.out().contains("float64"), r.out());
  }

  @Test
  void unknownDevicesAreRefusedBeforeAnythingRuns() {
    CliRun r = bench("--device", "cpu,tpu");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown device 'tpu'"), r.err());
    assertTrue(r.out().isEmpty(), r.out());
  }

  @Test
  void anUnavailableDeviceGetsRowsSayingWhy(@TempDir Path dir) throws IOException {
    Optional<Device.Status> missing = Device.probe().stream().filter(s -> !s.available()).findFirst();
    assumeTrue(missing.isPresent(), "every device family is available here");
    String family = missing.get().name();
    Path csv = dir.resolve("bench.csv");
    CliRun r = bench("--device", "cpu," + family, "--csv", csv.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains(family + " is unavailable"), r.err());
    List<String[]> rows = csvRows(csv);
    assertEquals(2 * WORKLOADS.size(), rows.size());
    List<String[]> missingRows = rows.stream().filter(f -> f[3].equals(family)).toList();
    assertEquals(WORKLOADS.size(), missingRows.size());
    for (String[] f : missingRows) {
      assertEquals("", f[4], "ran on nothing");
      assertEquals("", f[5], "no time");
      assertTrue(f[8].contains("unavailable: " + family + " is unavailable"), f[8]);
    }
    assertTrue(r.out().lines().anyMatch(l -> l.contains(" " + family + " ") && l.contains("unavailable")), r.out());
  }

  @Test
  void theFusedSweepTheMlpStepAndTheCompiledSweepRunWhenChosen(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bench.csv");
    CliRun r = bench("--device", "cpu", "--workloads", "sweep,fused-sweep,compiled-sweep,mlp-step", "--fused-sweep", "100",
        "--compiled-sweep", "100", "--mlp", "4", "--csv", csv.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String[]> rows = csvRows(csv);
    assertEquals(List.of("sweep", "fused-sweep", "compiled-sweep", "mlp-step"), rows.stream().map(f -> f[0]).toList());
    for (String[] f : rows) {
      assertTrue(Double.parseDouble(f[5]) > 0, f[0] + " was timed: " + String.join(",", f));
    }
    assertEquals("4", rows.get(3)[1], "the MLP step's size is its batch");
  }

  @Test
  void aPlotThatCannotBeDrawnLeavesTheMeasurements(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bench.csv");
    CliRun r = bench("--device", "cpu", "--workloads", "matmul", "--csv", csv.toString(), "--plot",
        dir.resolve("no-such-folder/bench.png").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("fluxion bench: no plot (") && r.err().contains("the table and the CSV hold the results"), r.err());
    assertEquals(2, csvRows(csv).size(), "both matmuls were measured and written");
  }

  @Test
  void anUnknownWorkloadIsRefused() {
    CliRun r = bench("--workloads", "sweep,conv");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--workloads: unknown workload 'conv'"), r.err());
  }

  @Test
  void badOptionsAreRefused() {
    CliRun size = bench("--matmul", "0");
    assertEquals(2, size.exitCode());
    assertTrue(size.err().contains("--matmul sizes must be >= 1, got 0"), size.err());
    CliRun dtype = bench("--dtype", "int32");
    assertEquals(2, dtype.exitCode());
    assertTrue(dtype.err().contains("float32 or float64"), dtype.err());
    CliRun runs = CliRun.of("bench", "--runs", "0");
    assertEquals(2, runs.exitCode());
    assertTrue(runs.err().contains("runs >= 1"), runs.err());
  }
}
