package dev.fluxion.cli.gpucheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One step of {@code fluxion gpucheck} as a child process with a time budget: its output (stdout
 * and stderr) goes to a file as it comes; at the budget the process is asked to stop, and killed
 * five seconds later, so a hung driver or a slow step never holds the check. A crash of the child
 * (a driver fault) ends only that step.
 *
 * @param exitCode the child's exit code (-1 when it was stopped at its budget or could not start)
 * @param seconds how long it ran
 * @param stoppedAtBudget whether it was stopped at its budget
 * @param output everything it printed
 */
record ChildRun(int exitCode, double seconds, boolean stoppedAtBudget, String output) {
  /** A Java child on this JVM's runtime, with its options and class path: {@code mainClass args...}. */
  static List<String> javaCommand(List<String> classPath, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classPath));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Runs {@code command} for at most {@code budgetSeconds}, copying its output to {@code log}. */
  static ChildRun run(List<String> command, Map<String, String> env, double budgetSeconds, Path log) {
    long start = System.nanoTime();
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      p = pb.start();
    } catch (IOException e) {
      String why = "could not start: " + e.getMessage() + "\n";
      write(log, why);
      return new ChildRun(-1, 0, false, why);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread copier = new Thread(() -> copy(p.getInputStream(), log, output), "gpucheck-output");
    copier.setDaemon(true);
    copier.start();
    boolean stopped = false;
    try {
      if (!p.waitFor((long) (budgetSeconds * 1000), TimeUnit.MILLISECONDS)) {
        stopped = true;
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      copier.join(5000);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String text;
    synchronized (output) {
      text = output.toString(StandardCharsets.UTF_8);
    }
    return new ChildRun(stopped ? -1 : p.exitValue(), seconds, stopped, text);
  }

  private static void copy(InputStream in, Path log, ByteArrayOutputStream output) {
    try (in; OutputStream file = Files.newOutputStream(log)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        file.write(buffer, 0, n);
        file.flush();
        synchronized (output) {
          output.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the child was killed while writing: what came before is kept
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
