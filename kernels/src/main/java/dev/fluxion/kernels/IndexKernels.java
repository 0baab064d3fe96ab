package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.util.List;
import java.util.Map;

/**
 * The indexing kernels (index.h): {@code gather_<dtype>} (every dtype) and
 * {@code scatter_add_<dtype>} (every dtype but BOOL), one program per family and dtype.
 * Arguments: gather {@code out, x, index, GatherLayout}; scatter-add
 * {@code out, index, src, ScatterLayout}. Indices are INT64.
 */
public final class IndexKernels {
  private IndexKernels() {}

  public static KernelRef gather(DType t) {
    return new KernelRef(new ProgramKey(Family.GATHER, t), "gather_" + CTypes.suffix(t));
  }

  public static KernelRef scatterAdd(DType t) {
    return new KernelRef(new ProgramKey(Family.SCATTER, t), "scatter_add_" + CTypes.suffix(t));
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType t = key.dtype();
    String kernel = switch (key.family()) {
      case GATHER -> Template.render("gather.c", Map.of("NAME", gather(t).name(), "T", CTypes.of(t)));
      case SCATTER -> {
        if (t == DType.BOOL) {
          throw new IllegalArgumentException(key + ": scatter-add is not defined on bool tensors");
        }
        yield Template.render("scatter.c", Map.of("NAME", scatterAdd(t).name(), "T", CTypes.of(t)));
      }
      default -> throw new IllegalArgumentException(key + " is not an indexing program");
    };
    return new ProgramSource(key, target, List.of("index.h"), List.of(kernel));
  }
}
