package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of every Fluxion module on this class path (the jars or class directories of
 * engine-api, kernels, backend-cpu, backend-opencl, backend-cuda and cli) loads, and every class of
 * the device backends also initialises, on this machine, which has no GPU driver: a missing native
 * library must never break class loading. Service discovery then still lists every family.
 */
class EveryClassLoadsTest {
  private static final List<String> MODULES = List.of("engine-api", "kernels", "backend-cpu", "backend-opencl", "backend-cuda",
      "cli");

  @Test
  void everyClassOfEveryModuleLoadsAndTheBackendsInitialise() throws Exception {
    Map<String, List<String>> classes = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String module = module(entry);
      if (module != null) {
        classes.computeIfAbsent(module, m -> new ArrayList<>()).addAll(classNames(Path.of(entry)));
      }
    }
    assertEquals(MODULES.stream().sorted().toList(), List.copyOf(classes.keySet()), "modules found on the class path");
    List<String> failures = new ArrayList<>();
    int loaded = 0;
    ClassLoader loader = getClass().getClassLoader();
    for (Map.Entry<String, List<String>> m : classes.entrySet()) {
      boolean initialise = m.getKey().startsWith("backend-");
      for (String name : m.getValue()) {
        try {
          Class.forName(name, initialise, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          failures.add(m.getKey() + ": " + name + ": " + e);
        }
      }
    }
    assertTrue(failures.isEmpty(), "classes that did not load: " + failures);
    assertTrue(loaded > 200, loaded + " classes loaded");
    assertEquals(List.of("cpu", "opencl", "cuda"),
        Device.probe().stream().map(s -> s.name().replaceAll(":\\d+$", "")).distinct().toList(), "every family is listed");
  }

  /** The module of a class-path entry: {@code .../backend-cuda/target/classes} or {@code backend-cuda-0.1.0.jar}. */
  private static String module(String entry) {
    Path p = Path.of(entry);
    String file = p.getFileName() == null ? "" : p.getFileName().toString();
    for (String m : MODULES) {
      if (p.endsWith(Path.of(m, "target", "classes")) || (file.matches(m + "-\\d[\\w.-]*\\.jar") && !file.endsWith("-tests.jar"))) {
        return m;
      }
    }
    return null;
  }

  private static List<String> classNames(Path entry) throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        files.map(f -> entry.relativize(f).toString()).filter(n -> n.endsWith(".class")).forEach(n -> names.add(n));
      }
    } else {
      try (JarFile jar = new JarFile(entry.toFile())) {
        jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(names::add);
      }
    }
    names.removeIf(n -> n.endsWith("module-info.class"));
    return names.stream().map(n -> n.substring(0, n.length() - 6).replace(File.separatorChar, '.').replace('/', '.')).toList();
  }
}
