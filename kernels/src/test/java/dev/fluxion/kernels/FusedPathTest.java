package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The choice between generated kernels, the interpreter and op by op, from facts alone. */
class FusedPathTest {
  private static final Optional<String> NO_NVRTC = Optional.of("NVRTC is not loadable (libnvrtc.so.12: cannot open shared object file)");

  @Test
  void aDeviceThatCompilesGetsGeneratedKernels() {
    for (String requested : new String[] {null, "", "auto", "AUTO", " generated "}) {
      FusedPath p = FusedPath.choose(requested, "NVRTC", Optional.empty());
      assertEquals(FusedPath.Kind.GENERATED, p.kind(), "requested " + requested);
      assertTrue(p.description().contains("generated kernel") && p.description().contains("NVRTC"), p.description());
    }
  }

  @Test
  void withoutARunTimeCompilerTheInterpreterRunsAndTheReasonIsShown() {
    FusedPath auto = FusedPath.choose(null, "NVRTC", NO_NVRTC);
    assertEquals(FusedPath.Kind.INTERPRETER, auto.kind());
    assertTrue(auto.description().contains("interpreter") && auto.description().contains("libnvrtc.so.12"), auto.description());
    FusedPath asked = FusedPath.choose("generated", "NVRTC", NO_NVRTC);
    assertEquals(FusedPath.Kind.INTERPRETER, asked.kind());
    assertTrue(asked.description().contains("-Dfluxion.fused=generated") && asked.description().contains("libnvrtc.so.12"),
        asked.description());
  }

  @Test
  void thePropertySelectsTheInterpreterOrNoFusedKernels() {
    FusedPath interpreter = FusedPath.choose("interpreter", "clBuildProgram", Optional.empty());
    assertEquals(FusedPath.Kind.INTERPRETER, interpreter.kind());
    assertTrue(interpreter.description().contains("-Dfluxion.fused=interpreter"), interpreter.description());
    assertEquals(FusedPath.Kind.OFF, FusedPath.choose("off", "clBuildProgram", Optional.empty()).kind());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FusedPath.choose("fast", "clBuildProgram", Optional.empty()));
    assertTrue(e.getMessage().contains("fast") && e.getMessage().contains("interpreter"), e.getMessage());
  }

  @Test
  void theDeviceDescriptionNamesThePath() {
    FakeDriver driver = new FakeDriver(true, 1L << 30, 1L << 30);
    driver.noCompiler = "no compiler in this fake";
    DriverBackend device = new DriverBackend(driver);
    assertEquals(FusedPath.Kind.INTERPRETER, device.fusedPath().kind());
    assertTrue(device.description().contains("interpreter") && device.description().contains("no compiler in this fake"),
        device.description());
    assertTrue(device.supportsFused());
    device.selectFusedPath(FusedPath.Kind.OFF);
    assertTrue(!device.supportsFused());
  }
}
