package dev.fluxion.opencl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.KernelCompileException;
import dev.fluxion.kernels.Kernels;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program of the kernels module compiles as OpenCL C on the device — including kernels
 * no other test launches — and a program that does not compile is reported with its log.
 */
class OpenClProgramsTest {
  private static OpenClDriver driver;

  @BeforeAll
  static void open() {
    OpenClTesting.device();
    driver = new OpenClDriver(OpenClPlatforms.probe().devices().get(0), "opencl:0 (compile test)");
  }

  @AfterAll
  static void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyProgramCompiles() {
    return Kernels.all(driver.info().fp64()).stream().map(key -> DynamicTest.dynamicTest(key.toString(), () -> {
      String source = Kernels.program(key, driver.info().target()).render(Dialect.OPENCL);
      assertNotNull(driver.compile(key.toString(), source));
    }));
  }

  @Test
  void aCompileErrorCarriesTheLog() {
    KernelCompileException e = assertThrows(KernelCompileException.class,
        () -> driver.compile("broken", "__kernel void broken(__global float* x) { x[0] = undefined_name; }"));
    assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("undefined_name"), e.getMessage());
  }
}
