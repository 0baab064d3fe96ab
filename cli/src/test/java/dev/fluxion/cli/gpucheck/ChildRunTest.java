package dev.fluxion.cli.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gpucheck step as a child JVM: its output is kept, and one that outlives its budget is stopped there. */
class ChildRunTest {
  /** A child that prints its first argument, then sleeps for the second (seconds), then exits with the third. */
  public static void main(String[] args) throws InterruptedException {
    System.out.println(args[0]);
    System.out.flush();
    Thread.sleep(Long.parseLong(args[1]) * 1000);
    System.exit(Integer.parseInt(args[2]));
  }

  private static List<String> child(String... args) {
    return ChildRun.javaCommand(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
        ChildRunTest.class.getName(), List.of(args));
  }

  @Test
  void aChildThatEndsInTimeKeepsItsExitCodeAndOutput(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("step.txt");
    ChildRun r = ChildRun.run(child("héllo ✔", "0", "3"), Map.of(), 60, log);
    assertEquals(3, r.exitCode());
    assertFalse(r.stoppedAtBudget());
    assertTrue(r.output().contains("héllo ✔"), r.output());
    assertTrue(Files.readString(log).contains("héllo ✔"));
  }

  @Test
  void aChildThatOutlivesItsBudgetIsStoppedThereWithWhatItPrinted(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("step.txt");
    long start = System.nanoTime();
    ChildRun r = ChildRun.run(child("started", "600", "0"), Map.of(), 3, log);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(r.stoppedAtBudget());
    assertEquals(-1, r.exitCode());
    assertTrue(seconds >= 3 && seconds < 15, "stopped at its 3 s budget, not after 600 s: " + seconds);
    assertTrue(r.output().contains("started"), r.output());
    assertTrue(Files.readString(log).contains("started"));
  }

  @Test
  void aCommandThatCannotStartIsAResult(@TempDir Path dir) {
    ChildRun r = ChildRun.run(List.of(dir.resolve("no-such-program").toString()), Map.of(), 10, dir.resolve("step.txt"));
    assertEquals(-1, r.exitCode());
    assertTrue(r.output().startsWith("could not start"), r.output());
  }
}
