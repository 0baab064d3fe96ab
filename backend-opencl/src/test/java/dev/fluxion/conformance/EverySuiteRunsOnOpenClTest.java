package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every abstract suite of the conformance module ({@code XxxTests extends DeviceTest}) has its
 * OpenCL subclass {@code OpenClXxxTest} here, so a suite added to the conformance module cannot
 * silently skip OpenCL.
 */
class EverySuiteRunsOnOpenClTest {
  @Test
  void everyAbstractSuiteHasAnOpenClSubclass() throws Exception {
    TreeSet<String> missing = new TreeSet<>();
    List<String> suites = new ArrayList<>();
    for (String name : conformanceClassNames()) {
      Class<?> c = Class.forName("dev.fluxion.conformance." + name);
      if (Modifier.isAbstract(c.getModifiers()) && DeviceTest.class.isAssignableFrom(c) && c != DeviceTest.class) {
        suites.add(name);
        String expected = "OpenCl" + name.replaceAll("Tests$", "Test");
        try {
          Class<?> sub = Class.forName("dev.fluxion.conformance." + expected);
          assertEquals(c, sub.getSuperclass(), expected + " extends " + name);
        } catch (ClassNotFoundException e) {
          missing.add(expected + " (for " + name + ")");
        }
      }
    }
    assertTrue(suites.size() >= 19, "found the conformance suites: " + suites);
    assertTrue(missing.isEmpty(), "suites without an OpenCL subclass: " + missing);
  }

  /** Simple names of the classes of this package in the conformance test classes (a directory or the test-jar). */
  private static List<String> conformanceClassNames() throws IOException, URISyntaxException {
    URL url = DeviceTest.class.getResource("DeviceTest.class");
    List<String> names = new ArrayList<>();
    if ("jar".equals(url.getProtocol())) {
      try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
        jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("dev/fluxion/conformance/") && n.endsWith(".class"))
            .forEach(n -> names.add(n.substring("dev/fluxion/conformance/".length(), n.length() - 6)));
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(url.toURI()).getParent())) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
            .forEach(n -> names.add(n.substring(0, n.length() - 6)));
      }
    }
    names.removeIf(n -> n.contains("$"));
    return names;
  }
}
