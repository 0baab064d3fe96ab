package dev.fluxion.cli.selftest;

import dev.fluxion.DType;

/**
 * The outcome of one check of the self-test.
 *
 * @param row the table row (a case, or a whole-program check)
 * @param column what was checked: {@code fwd}, {@code vjp}, {@code jvp}, or {@code run}
 * @param dtype the dtype it ran in
 * @param passed whether the device agreed with the CPU (and the check's own conditions held)
 * @param detail why it failed, or empty
 */
public record Check(String row, String column, DType dtype, boolean passed, String detail) {
  static Check pass(String row, String column, DType dtype) {
    return new Check(row, column, dtype, true, "");
  }

  static Check fail(String row, String column, DType dtype, String detail) {
    return new Check(row, column, dtype, false, detail);
  }
}
