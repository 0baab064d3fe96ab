package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every abstract suite of the conformance module ({@code XxxTests extends DeviceTest}) has its
 * OpenCL subclass {@code OpenClXxxTest} here, so a suite added to the conformance module cannot
 * silently skip OpenCL.
 */
class EverySuiteRunsOnOpenClTest {
  @Test
  void everyAbstractSuiteHasAnOpenClSubclass() throws Exception {
    assertTrue(Suites.all().size() >= 21, "found the conformance suites: " + Suites.all());
    assertTrue(Suites.withoutSubclass("OpenCl").isEmpty(), "suites without an OpenCL subclass: " + Suites.withoutSubclass("OpenCl"));
  }
}
