package dev.fluxion.cli.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fluxion gpucheck} where no CUDA device opens (this machine and CI): one line saying why,
 * exit code 2, nothing written. (CI runs the whole check through the driver emulation from the
 * distribution, see .ci/run.)
 */
class GpucheckCommandTest {
  @Test
  void withoutAGpuItSaysSoInOneLineAndExits2(@TempDir Path dir) {
    Device.Status cuda = Device.probe().stream().filter(s -> s.name().startsWith("cuda")).findFirst().orElseThrow();
    assumeTrue(!cuda.available(), "this machine has a CUDA device: " + cuda.description());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new GpucheckCommand()).execute("--out", dir.resolve("results").toString());
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertEquals(1, printed.lines().count(), printed);
    assertTrue(printed.startsWith("fluxion gpucheck: no usable CUDA GPU cuda:0: " + cuda.description()), printed);
    assertTrue(!dir.resolve("results").toFile().exists(), "nothing is written");
  }
}
