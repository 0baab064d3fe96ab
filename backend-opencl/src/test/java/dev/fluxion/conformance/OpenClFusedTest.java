package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import dev.fluxion.opencl.OpenClTesting;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenClFusedTest extends FusedTests {
  @Override
  protected Device device() {
    return OpenClTesting.device();
  }

  /**
   * The suite's programs ran as fused kernels on the path the device chose: generated kernels by
   * default, the interpreter under {@code -Dfluxion.fused=interpreter} (CI runs the suite both ways).
   */
  @Test
  void programsRunOnTheSelectedPath() {
    dev.fluxion.Tensor x = dev.fluxion.Tensor.linspace(0, 1, 10);
    dev.fluxion.Fused.of("path check", 1, t -> new dev.fluxion.Tensor[] {t[0].exp()}).apply(x);
    String description = device().description();
    Matcher m = Pattern.compile("ran (\\d+) generated, (\\d+) interpreted, (\\d+) op by op").matcher(description);
    assertTrue(m.find(), description);
    boolean interpreter = "interpreter".equals(System.getProperty("fluxion.fused"));
    long generated = Long.parseLong(m.group(1));
    long interpreted = Long.parseLong(m.group(2));
    assertTrue(interpreter ? interpreted > 0 && generated == 0 : generated > 0 && interpreted == 0, description);
  }
}
