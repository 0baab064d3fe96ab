package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every abstract suite of the conformance module ({@code XxxTests extends DeviceTest}), the
 * transforms, the CPU-versus-device comparison and the zero-transfer counters among them, has its
 * CUDA subclass {@code CudaXxxTest} here, so a suite added to the conformance module cannot
 * silently skip CUDA. (Without a GPU every one of them skips, each saying why.)
 */
class EverySuiteRunsOnCudaTest {
  @Test
  void everyAbstractSuiteHasACudaSubclass() throws Exception {
    assertTrue(Suites.all().size() >= 21, "found the conformance suites: " + Suites.all());
    assertTrue(Suites.withoutSubclass("Cuda").isEmpty(), "suites without a CUDA subclass: " + Suites.withoutSubclass("Cuda"));
  }
}
