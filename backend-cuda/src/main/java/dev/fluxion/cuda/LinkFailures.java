package dev.fluxion.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line from a native library's {@link LinkageError}. JCuda's loader reports a missing
 * dependency inside a long message of nested stack traces; what a user needs is the line the
 * dynamic linker wrote, e.g. {@code libcuda.so.1: cannot open shared object file: No such file or
 * directory}.
 */
final class LinkFailures {
  /** "libX.so.N: what went wrong", the last library of a chain ("libJCudaDriver.so: libcuda.so.1: ..."). */
  private static final Pattern LINKER = Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*: (?!/|lib)[^\\n]*)");

  private LinkFailures() {}

  /** The dynamic linker's line from {@code e} or its causes, else the first line of its message. */
  static String summary(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        Matcher m = LINKER.matcher(message);
        if (m.find()) {
          return m.group(1).strip();
        }
      }
    }
    String message = e.getMessage();
    String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
    return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }
}
