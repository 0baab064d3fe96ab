package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.util.ArrayList;
import java.util.List;

/** The catalogue of every program, by family and dtype. */
public final class Kernels {
  private Kernels() {}

  /** The source of one program for a device. */
  public static ProgramSource program(ProgramKey key, Target target) {
    if (key.dtype() == DType.FLOAT64 && !target.fp64()) {
      throw new UnsupportedOperationException(key + ": float64 kernels need a device with FP64");
    }
    return switch (key.family()) {
      case UNARY, BINARY, WHERE, COPY, FILL -> MapKernels.program(key, target);
      case REDUCE -> ReduceKernels.program(key, target);
      case MATMUL -> MatmulKernels.program(key, target);
      case LINALG -> LinalgKernels.program(key, target);
      case GATHER, SCATTER -> IndexKernels.program(key, target);
      case FUSED -> FusedInterpreter.program(key, target);
    };
  }

  /** Every program a device with or without FP64 can use (BOOL has no unary ops and no scatter-add; the interpreter is floating only). */
  public static List<ProgramKey> all(boolean fp64) {
    List<ProgramKey> keys = new ArrayList<>();
    for (Family f : Family.values()) {
      for (DType t : DType.values()) {
        if ((t == DType.FLOAT64 && !fp64) || ((f == Family.UNARY || f == Family.SCATTER) && t == DType.BOOL)
            || (f == Family.LINALG && !LinalgKernels.defined(t)) || (f == Family.FUSED && !t.isFloating())) {
          continue;
        }
        keys.add(new ProgramKey(f, t));
      }
    }
    return keys;
  }
}
