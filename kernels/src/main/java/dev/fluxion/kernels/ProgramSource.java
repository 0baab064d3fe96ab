package dev.fluxion.kernels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The text of one program before the dialect's prelude: the shared headers (resources) and the
 * specialised kernels.
 *
 * @param key which program this is
 * @param target the device the kernels were specialised for
 * @param headers resources included once, in order, after the prelude and common.h
 * @param kernels the specialised kernel texts
 */
public record ProgramSource(ProgramKey key, Target target, List<String> headers, List<String> kernels) {
  /** The complete source in {@code dialect}. */
  public String render(Dialect dialect) {
    StringBuilder s = new StringBuilder(dialect.prelude(target.fp64())).append('\n');
    s.append(Template.resource("common.h")).append('\n');
    for (String h : headers) {
      s.append(Template.resource(h)).append('\n');
    }
    for (String k : kernels) {
      s.append(k).append('\n');
    }
    return s.toString();
  }

  /** The SHA-256 of a rendered source, in hex: what program caches and prebuilt-kernel indexes key on. */
  public static String sha256(String renderedSource) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(renderedSource.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
