package dev.fluxion;

/**
 * Element types of a {@link Tensor}.
 *
 * <p>Promotion follows JAX (and NumPy 2 for tensors of one kind): two tensors promote to the
 * wider type on the lattice {@code BOOL < INT32 < INT64 < FLOAT32 < FLOAT64}, so an integer
 * tensor combined with a FLOAT32 tensor gives FLOAT32. A Java scalar operand is weakly typed:
 * it takes the tensor's dtype when that is floating ({@code x.mul(2.0)} on FLOAT32 stays
 * FLOAT32) and makes an integer tensor FLOAT64. True division and floating functions of
 * integer or boolean tensors give FLOAT64.
 */
public enum DType {
  BOOL(1, "bool"),
  INT32(4, "int32"),
  INT64(8, "int64"),
  FLOAT32(4, "float32"),
  FLOAT64(8, "float64");

  private final int byteSize;
  private final String numpyName;

  DType(int byteSize, String numpyName) {
    this.byteSize = byteSize;
    this.numpyName = numpyName;
  }

  /** Bytes per element on a device. */
  public int byteSize() {
    return byteSize;
  }

  /** The NumPy name of this type ({@code "float32"}, {@code "int64"}, ...). */
  public String numpyName() {
    return numpyName;
  }

  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  public boolean isInteger() {
    return this == INT32 || this == INT64;
  }

  /** The wider of two types on the promotion lattice. */
  public static DType promote(DType a, DType b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /** This type if floating, else FLOAT64 (the result type of floating functions of integers). */
  public DType toFloating() {
    return isFloating() ? this : FLOAT64;
  }

  /** Parses {@code float32}, {@code float64}, {@code int32}, {@code int64} or {@code bool}. */
  public static DType parse(String name) {
    for (DType t : values()) {
      if (t.numpyName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '" + name + "': expected one of float32, float64, int32, int64, bool");
  }
}
