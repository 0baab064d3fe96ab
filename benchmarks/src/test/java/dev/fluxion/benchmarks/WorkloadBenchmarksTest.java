package dev.fluxion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each benchmark body runs once on the CPU at a small size, as JMH would call it. */
class WorkloadBenchmarksTest {
  private static <S extends OnDevice> void runOnce(S state, Function<S, Device> benchmark) {
    state.device = "cpu";
    state.dtype = "float32";
    state.prepare();
    try {
      assertSame(Device.cpu(), benchmark.apply(state));
    } finally {
      state.release();
    }
  }

  @Test
  void everyBenchmarkRunsOnTheCpu() {
    WorkloadBenchmarks b = new WorkloadBenchmarks();
    WorkloadBenchmarks.Elementwise e = new WorkloadBenchmarks.Elementwise();
    e.points = 1000;
    runOnce(e, b::elementwise);
    WorkloadBenchmarks.Reduction r = new WorkloadBenchmarks.Reduction();
    r.points = 1000;
    runOnce(r, b::reduction);
    WorkloadBenchmarks.Matmul m = new WorkloadBenchmarks.Matmul();
    m.side = 16;
    runOnce(m, b::matmul);
    WorkloadBenchmarks.Sweep s = new WorkloadBenchmarks.Sweep();
    s.points = 100;
    runOnce(s, b::sweep);
  }

  @Test
  void theHarnessIsGeneratedForEveryBenchmark() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertTrue(in != null, "no META-INF/BenchmarkList: the JMH annotation processor did not run");
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String name : List.of("elementwise", "reduction", "matmul", "sweep")) {
      String harness = "jmh_generated.WorkloadBenchmarks_" + name + "_jmhTest";
      assertTrue(list.contains(harness), harness + " missing from:\n" + list);
    }
  }

  @Test
  void anUnknownOrUnavailableDeviceFailsTheTrial() {
    WorkloadBenchmarks.Matmul m = new WorkloadBenchmarks.Matmul();
    m.side = 4;
    m.dtype = "float32";
    m.device = "tpu";
    assertThrows(IllegalArgumentException.class, m::prepare);
    m.device = "opencl:99";
    assertThrows(DeviceUnavailableException.class, m::prepare);
  }

  @Test
  void devicesDefaultToEveryAvailableOne() throws Exception {
    List<String> available = Device.available().stream().map(Device::name).toList();
    assertEquals(available, List.copyOf(BenchmarksMain.withDevices(new org.openjdk.jmh.runner.options.CommandLineOptions())
        .getParameter("device").get()));
    assertEquals(List.of("cpu"), List.copyOf(BenchmarksMain.withDevices(
        new org.openjdk.jmh.runner.options.CommandLineOptions("-p", "device=cpu")).getParameter("device").get()));
  }
}
