package dev.fluxion.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ratios, CSV and plot of a report, from made-up timings. */
class BenchReportTest {
  private static final Workload MATMUL = Workloads.matmul(256);
  private static final Workload SWEEP = Workloads.sweep(1_000_000);

  private static Row timed(Workload w, String device, double ms) {
    return Row.measured(w, "float32", device, new Stopwatch.Timing(ms, ms / 2, Device.cpu(), "a, \"described\" cpu", ""), 1.5);
  }

  private static BenchReport report() {
    return new BenchReport(List.of(timed(MATMUL, "cpu", 4), timed(MATMUL, "other", 2), timed(SWEEP, "other", 9),
        Row.failed(SWEEP, "float32", "cuda", "unavailable: no driver", -1)));
  }

  @Test
  void ratiosAreAgainstTheCpuTimeOfTheSameWorkload() {
    List<Row> rows = report().rows();
    assertEquals(1.0, report().vsCpu(rows.get(0)));
    assertEquals(0.5, report().vsCpu(rows.get(1)));
    assertTrue(Double.isNaN(report().vsCpu(rows.get(2))), "no CPU time for the sweep");
    assertTrue(Double.isNaN(report().vsCpu(rows.get(3))), "nothing measured");
  }

  @Test
  void csvQuotesDescriptionsAndLeavesMissingValuesEmpty(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("r.csv");
    report().writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(BenchReport.CSV_HEADER, lines.get(0));
    assertEquals("matmul,256,float32,other,cpu,2.000000,1.000000,0.500000,,\"a, \"\"described\"\" cpu\",1.50", lines.get(2));
    assertEquals("sweep,1000000,float32,cuda,,,,,unavailable: no driver,,", lines.get(4));
  }

  @Test
  void plotsWhatWasTimedAndRefusesAnEmptyChart(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("r.png");
    BenchPlot.write(png, report(), "test");
    assertTrue(Files.size(png) > 1000);
    BenchReport nothing = new BenchReport(List.of(Row.failed(SWEEP, "float32", "cuda", "unavailable: no driver", -1)));
    assertThrows(IllegalArgumentException.class, () -> BenchPlot.write(dir.resolve("none.png"), nothing, "test"));
  }

  @Test
  void plotLabelsShortenRoundSizes() {
    assertEquals("10M", BenchPlot.compact(10_000_000));
    assertEquals("100k", BenchPlot.compact(100_000));
    assertEquals("1024", BenchPlot.compact(1024));
    assertEquals("1000", BenchPlot.compact(1000));
  }
}
