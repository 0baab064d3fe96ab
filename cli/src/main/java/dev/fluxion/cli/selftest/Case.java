package dev.fluxion.cli.selftest;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;

/**
 * One self-test case: a program of a primitive (or a few) with its inputs' shapes and domain.
 *
 * @param name shown in the table
 * @param program what runs, on the inputs and, for creation ops, on a device and dtype
 * @param domain inputs are uniform in {@code [domain[0], domain[1])}, rounded down to multiples of
 *     {@code domain[2]} when it is given
 * @param differentiable whether VJP and JVP are checked (comparisons, argmax, creation: no)
 * @param shapes one shape per input
 */
record Case(String name, Program program, double[] domain, boolean differentiable, long[]... shapes) {
  /** A program of the inputs, on device {@code d} in dtype {@code t}. */
  interface Program {
    Tensor apply(Device d, DType t, Tensor[] x);
  }
}
