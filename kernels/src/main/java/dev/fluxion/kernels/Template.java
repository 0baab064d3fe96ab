package dev.fluxion.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel sources kept as resources next to this class, specialised by text substitution:
 * every {@code $NAME} (capital letters and underscores, longest match) is replaced by its value,
 * and values may themselves contain placeholders.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Z]+(?:_[A-Z]+)*)");
  private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

  private Template() {}

  /** The text of a resource of this package, e.g. {@code "map.c"}. */
  static String resource(String name) {
    return RESOURCES.computeIfAbsent(name, Template::load);
  }

  private static String load(String name) {
    try (InputStream in = Template.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("kernel source " + name + " is missing from the kernels module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading kernel source " + name, e);
    }
  }

  /** The resource {@code name} with every placeholder replaced; an unknown placeholder is an error. */
  static String render(String name, Map<String, String> values) {
    return substitute(resource(name), values, name);
  }

  static String substitute(String text, Map<String, String> values, String where) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String key = m.group(1);
      String value = values.get(key);
      if (value == null) {
        throw new IllegalStateException("kernel source " + where + ": no value for $" + key + " (have " + values.keySet() + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(substitute(value, values, where)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
