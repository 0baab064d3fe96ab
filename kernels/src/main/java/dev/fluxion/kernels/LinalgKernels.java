package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.util.List;
import java.util.Map;

/**
 * Batched dense linear algebra (linalg.c), one program per floating dtype: LU with partial
 * pivoting (solve, det, slogdet), Cholesky, and triangular solves, each on one work-group per
 * batch matrix. Meant for small and medium matrices: every column step is a work-group barrier.
 */
public final class LinalgKernels {
  /** Work-items per work-group (linalg.h's LA_GROUP). */
  static final int GROUP = DriverBackend.REQUIRED_WORK_GROUP;

  private LinalgKernels() {}

  static boolean defined(DType t) {
    return t.isFloating();
  }

  static KernelRef lu(DType t) {
    return ref(t, "lu");
  }

  static KernelRef cholesky(DType t) {
    return ref(t, "cholesky");
  }

  static KernelRef triangularSolve(DType t) {
    return ref(t, "trsolve");
  }

  private static KernelRef ref(DType t, String what) {
    return new KernelRef(new ProgramKey(Family.LINALG, t), "linalg_" + what + "_" + CTypes.suffix(t));
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType t = key.dtype();
    if (!defined(t)) {
      throw new IllegalArgumentException(key + ": linear algebra is defined on float32 and float64 only");
    }
    String text = Template.render("linalg.c", Map.of("S", CTypes.suffix(t), "T", CTypes.of(t)));
    return new ProgramSource(key, target, List.of("linalg.h"), List.of(text));
  }
}
