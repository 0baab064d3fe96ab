package dev.fluxion.cli.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A device that computes something else than the CPU is reported, check by check, with the
 * element that differs (played on the CPU with a program that answers differently on every
 * second call: the gradient of {@code exp(x) + c} does not see the difference, its value does).
 */
class SelfTestFailureTest {
  @Test
  void aWrongResultFailsItsChecksAndTheTableListsWhy() {
    Device cpu = Device.cpu();
    AtomicInteger calls = new AtomicInteger(); // each check runs the program on the CPU first, then on the device
    Case wrong = new Case("wrong on the other device", (d, t, x) -> calls.incrementAndGet() % 2 == 1 ? x[0].exp()
        : x[0].exp().add(1e-3), new double[] {0, 1}, true, new long[] {4});
    Case throwing = new Case("throws", (d, t, x) -> x[0].reshape(3), new double[] {0, 1}, false, new long[] {4});
    List<Check> checks = new SelfTest(cpu).run(List.of(wrong, throwing), List.of(DType.FLOAT64));
    assertEquals(List.of("wrong on the other device fwd false", "wrong on the other device vjp true",
        "wrong on the other device jvp false", "throws fwd false", "backward moves no bytes run true",
        "training run (25 SGD steps) run true"),
        checks.stream().map(c -> c.row() + " " + c.column() + " " + c.passed()).toList());
    assertTrue(checks.get(0).detail().startsWith("element 0 is "), checks.get(0).detail());
    assertTrue(checks.get(3).detail().startsWith("IllegalArgumentException: "), checks.get(3).detail());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ReportTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), checks, List.of(DType.FLOAT64));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.lines().anyMatch(l -> l.matches("wrong on the other device +FAIL +ok +FAIL")), table);
    assertTrue(table.contains("failures:\n  float64 fwd of wrong on the other device: element 0 is "), table);
    assertFalse(table.lines().anyMatch(l -> l.startsWith("backward moves no bytes") && l.contains("FAIL")), table);
  }
}
