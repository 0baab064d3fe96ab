package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import org.junit.jupiter.api.Test;

/** {@code fluxion selftest} on the CPU and on OpenCL (PoCL in CI), and its refusal of a device that is missing. */
class SelftestCommandTest {
  private static void assertPassingTable(CliRun run, String device) {
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().startsWith("Fluxion self-test of " + device + " against the CPU backend\ndevice: "), run.out());
    for (String row : new String[] {"exp", "atan2", "lt", "where", "sum of 5000 (tree)", "matmul batched broadcast", "pad",
        "rand uniform", "backward moves no bytes", "training run (25 SGD steps)"}) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith(row + "  ")), "row " + row + " in\n" + run.out());
    }
    assertTrue(run.out().lines().anyMatch(l -> l.matches("exp +ok +ok +ok +ok +ok +ok")), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("lt +ok +- +- +ok +- +-")), "comparisons have no derivative\n" + run.out());
    assertFalse(run.out().contains("FAIL"), run.out());
    assertTrue(run.out().contains("\nresult: PASS ("), run.out());
  }

  @Test
  void onTheCpuEveryCheckPasses() {
    CliRun run = CliRun.of("selftest", "--device", "cpu");
    assertPassingTable(run, "cpu");
    assertTrue(run.out().contains("\ngemm: "), "the GEMM path that ran: " + run.out());
  }

  @Test
  void onOpenClEveryCheckPassesAndTheDescriptionSaysWhichDevice() {
    try {
      Device.opencl();
    } catch (DeviceUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: the OpenCL self-test must run there: " + e.getMessage());
      }
      assumeTrue(false, "no OpenCL device: " + e.getMessage());
    }
    CliRun run = CliRun.of("selftest", "--device", "opencl", "--dtype", "both");
    assertPassingTable(run, "opencl:0");
    assertTrue(run.out().contains("device: " + Device.opencl().description().split(";")[0]), run.out());
    assertTrue(run.out().contains("\ngemm: the kernels module's tiled kernel\n"), run.out());
    assertTrue(run.out().matches("(?s).*\nfused: [^\n]*ran [1-9]\\d* (generated|interpreted).*"),
        "the fused cases ran as fused kernels: " + run.out());
  }

  @Test
  void anUnavailableDeviceIsRefusedWithItsReasonNotRunElsewhere() {
    try {
      Device.cuda();
      assumeTrue(false, "this machine has a CUDA device: the refusal cannot be played here");
    } catch (DeviceUnavailableException e) {
      CliRun run = CliRun.of("selftest", "--device", "cuda");
      assertEquals(2, run.exitCode(), run.out() + run.err());
      assertEquals("", run.out(), "nothing ran");
      assertTrue(run.err().startsWith("fluxion: cuda is unavailable: "), run.err());
      assertTrue(run.err().contains(e.getMessage()), run.err());
    }
  }

  @Test
  void badOptionsAreRefused() {
    CliRun dtype = CliRun.of("selftest", "--dtype", "int8");
    assertEquals(2, dtype.exitCode());
    assertTrue(dtype.err().contains("--dtype must be float32, float64 or both, got 'int8'"), dtype.err());
    CliRun device = CliRun.of("selftest", "--device", "tpu");
    assertEquals(2, device.exitCode());
    assertTrue(device.err().contains("unknown device 'tpu'"), device.err());
  }
}
