package dev.fluxion.kernels;

import java.util.List;

/**
 * The text of one program before the dialect's prelude: the shared headers (resources) and the
 * specialised kernels.
 *
 * @param key which program this is
 * @param headers resources included once, in order, after the prelude and common.h
 * @param kernels the specialised kernel texts
 */
public record ProgramSource(ProgramKey key, List<String> headers, List<String> kernels) {
  /** The complete source in {@code dialect}, for a device with or without FP64. */
  public String render(Dialect dialect, boolean fp64) {
    StringBuilder s = new StringBuilder(dialect.prelude(fp64)).append('\n');
    s.append(Template.resource("common.h")).append('\n');
    for (String h : headers) {
      s.append(Template.resource(h)).append('\n');
    }
    for (String k : kernels) {
      s.append(k).append('\n');
    }
    return s.toString();
  }
}
