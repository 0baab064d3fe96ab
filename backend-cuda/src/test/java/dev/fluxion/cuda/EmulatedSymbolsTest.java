package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every symbol JCuda's native bindings import from the driver and from NVRTC is defined by the
 * emulation (with NVRTC's version node), so no call of theirs can end the JVM with a dynamic
 * linker error: what Fluxion does not call answers "not emulated" instead (stubs.c).
 */
class EmulatedSymbolsTest {
  @TempDir
  Path dir;

  /** The dynamic symbols {@code nm} lists for a library, undefined or defined ones. */
  private static Set<String> symbols(Path library, boolean undefined) throws Exception {
    Process p = new ProcessBuilder("nm", "-D", undefined ? "--undefined-only" : "--defined-only", library.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().map(l -> l.trim().split("\\s+")).map(f -> f[f.length - 1]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A native library of JCuda's, from its jar on the class path. */
  private Path jcudaNative(String name) throws Exception {
    Path file = dir.resolve(name);
    try (InputStream in = EmulatedSymbolsTest.class.getResourceAsStream("/lib/" + name)) {
      assertTrue(in != null, name + " is on the class path");
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void everyDriverFunctionJcudaImportsIsDefined() throws Exception {
    EmulationTesting.requireBuilt();
    Set<String> wanted = symbols(jcudaNative("libJCudaDriver-12.0.0-linux-x86_64.so"), true).stream()
        .filter(s -> s.startsWith("cu")).collect(Collectors.toCollection(TreeSet::new));
    Set<String> defined = symbols(EmulationTesting.dir().resolve("libcuda.so.1"), false);
    assertTrue(wanted.size() > 300, "JCuda's driver bindings import " + wanted.size() + " functions");
    List<String> missing = wanted.stream().filter(s -> !defined.contains(s)).toList();
    assertEquals(List.of(), missing, "driver functions the emulation lacks");
  }

  @Test
  void everyNvrtcFunctionJcudaImportsIsDefinedInItsVersionNode() throws Exception {
    EmulationTesting.requireBuilt();
    Set<String> wanted = symbols(jcudaNative("libJNvrtc-12.0.0-linux-x86_64.so"), true).stream()
        .filter(s -> s.startsWith("nvrtc")).collect(Collectors.toCollection(TreeSet::new));
    Set<String> defined = symbols(EmulationTesting.dir().resolve("libnvrtc.so.12"), false);
    assertTrue(wanted.size() > 15 && wanted.stream().allMatch(s -> s.endsWith("@libnvrtc.so.12")), wanted.toString());
    List<String> missing = wanted.stream().filter(s -> !defined.contains(s.replace("@", "@@"))).toList();
    assertEquals(List.of(), missing, "NVRTC functions the emulation lacks");
  }
}
