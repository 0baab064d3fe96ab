package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The host emulation of {@code libcuda.so.1} and {@code libnvrtc.so.12} (src/test/emulation,
 * built by its build.sh into target/cuda-emulation) in the test run that uses it: backend-cuda's
 * second surefire execution, whose JVM has the emulation first on {@code LD_LIBRARY_PATH} and the
 * system property {@value #PROPERTY}. Everything that runs there is emulated, not GPU execution.
 */
public final class EmulationTesting {
  /** System property naming the folder the emulation was built into; set in the emulated test run only. */
  public static final String PROPERTY = "fluxion.cuda.emulation";

  private EmulationTesting() {}

  /** Whether this JVM is the emulated test run. */
  public static boolean active() {
    return System.getProperty(PROPERTY) != null;
  }

  static Path dir() {
    String dir = System.getProperty(PROPERTY);
    assumeTrue(dir != null, "not the emulated test run (-D" + PROPERTY + " is not set)");
    return Path.of(dir);
  }

  /** Fails under CI=true, and skips saying why elsewhere, when the emulation was not built (no gcc, g++). */
  public static void requireBuilt() {
    Path lib = dir().resolve("libcuda.so.1");
    if (!Files.exists(lib)) {
      String why = "the CUDA emulation was not built (" + lib + " is missing; src/test/emulation/build.sh needs gcc and g++)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + ": under CI=true the emulated CUDA tests must run");
      }
      assumeTrue(false, why);
    }
  }

  /** What a child JVM printed, how it ended, and the emulation's trace of its driver calls. */
  record Run(int exitCode, String output, List<String> trace) {
    /** Lines of the trace that start with {@code call}. */
    List<String> calls(String call) {
      return trace.stream().filter(l -> l.startsWith(call + " ") || l.equals(call)).toList();
    }

    /** Index of the first trace line that starts with {@code prefix} at or after {@code from}, or -1. */
    int indexOf(String prefix, int from) {
      for (int i = Math.max(0, from); i < trace.size(); i++) {
        if (trace.get(i).startsWith(prefix)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ", output:\n" + output + "\ntrace (" + trace.size() + " lines):\n"
          + String.join("\n", trace.subList(Math.max(0, trace.size() - 60), trace.size()));
    }
  }

  /**
   * Runs {@code main.main(args)} in a child JVM on the emulation with extra environment variables
   * (e.g. {@code FLUXION_CUDA_EMULATION_FAIL}); {@code classPathFirst} go before this JVM's class path.
   */
  static Run child(Class<?> main, Map<String, String> env, List<Path> classPathFirst, String... args)
      throws IOException, InterruptedException {
    requireBuilt();
    Path trace = Files.createTempFile("fluxion-emulation-trace", ".txt");
    try {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "--add-modules", "jdk.incubator.vector", "-cp", classPath(classPathFirst), main.getName()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().remove("FLUXION_DEVICE");
      pb.environment().put("LD_LIBRARY_PATH", dir() + (env.containsKey("LD_LIBRARY_PATH") ? File.pathSeparator
          + env.get("LD_LIBRARY_PATH") : ""));
      pb.environment().put("FLUXION_CUDA_EMULATION_TRACE", trace.toString());
      env.forEach((k, v) -> {
        if (!k.equals("LD_LIBRARY_PATH")) {
          pb.environment().put(k, v);
        }
      });
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("the child JVM " + main.getSimpleName() + " did not end in 180 s");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readAllLines(trace));
    } finally {
      Files.deleteIfExists(trace);
    }
  }

  private static String classPath(List<Path> first) {
    List<String> parts = new ArrayList<>();
    first.forEach(p -> parts.add(p.toString()));
    parts.add(System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, parts);
  }
}
