package dev.fluxion.conformance;

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

/**
 * The abstract suites of the conformance module ({@code XxxTests extends DeviceTest}), read from
 * its classes (a directory or the test-jar), so that each device backend can check it subclasses
 * every one of them.
 */
public final class Suites {
  private Suites() {}

  /** Every abstract suite. */
  public static List<Class<?>> all() throws IOException, URISyntaxException, ClassNotFoundException {
    List<Class<?>> suites = new ArrayList<>();
    for (String name : classNames()) {
      Class<?> c = Class.forName("dev.fluxion.conformance." + name);
      if (Modifier.isAbstract(c.getModifiers()) && DeviceTest.class.isAssignableFrom(c) && c != DeviceTest.class) {
        suites.add(c);
      }
    }
    return suites;
  }

  /**
   * The suites without a subclass named {@code prefix + XxxTest} directly below them, as
   * "expected name (for suite)".
   */
  public static TreeSet<String> withoutSubclass(String prefix) throws IOException, URISyntaxException, ClassNotFoundException {
    TreeSet<String> missing = new TreeSet<>();
    for (Class<?> suite : all()) {
      String expected = prefix + suite.getSimpleName().replaceAll("Tests$", "Test");
      try {
        Class<?> sub = Class.forName("dev.fluxion.conformance." + expected);
        if (sub.getSuperclass() != suite) {
          missing.add(expected + " (extends " + sub.getSuperclass().getSimpleName() + ", not " + suite.getSimpleName() + ")");
        }
      } catch (ClassNotFoundException e) {
        missing.add(expected + " (for " + suite.getSimpleName() + ")");
      }
    }
    return missing;
  }

  private static List<String> classNames() throws IOException, URISyntaxException {
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
