package dev.fluxion.kernels;

import dev.fluxion.DType;

/** Names one program: a kernel family specialised for one dtype (see {@link Family}). */
public record ProgramKey(Family family, DType dtype) {
  @Override
  public String toString() {
    return family.name().toLowerCase(java.util.Locale.ROOT) + "_" + CTypes.suffix(dtype);
  }
}
