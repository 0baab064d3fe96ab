package dev.fluxion.cuda;

/**
 * Kernels in the kernels module's dialect, one correct and three broken the ways GPU kernels
 * break, each {@code (GLOBAL float* out, const i64 n)} over one block of 256 threads: what the
 * emulation must catch.
 */
final class BrokenKernels {
  /** 1 + 2 + … + 256, the block sum {@code tree} computes. */
  static final float TREE_SUM = 256 * 257 / 2;

  private BrokenKernels() {}

  static String source(String kernel) {
    return switch (kernel) {
      // a shared-memory tree sum, as reduce-tree.c folds a block
      case "tree" -> tree("tree", true);
      // the same without the barrier between filling the tree and folding it: threads read cells not yet written
      case "tree_without_barrier" -> tree("tree_without_barrier", false);
      // half the block waits at a barrier the other half never reaches
      case "divergent_barrier" -> """
          KERNEL divergent_barrier(GLOBAL float* out, const i64 n) {
            const int t = LID(0);
            if (t < 128) {
              BARRIER;
            }
            if (t < n) {
              out[t] = 1.0f;
            }
          }
          """;
      // an off-by-one bound: the thread at index n writes one element past the end
      case "out_of_bounds" -> """
          KERNEL out_of_bounds(GLOBAL float* out, const i64 n) {
            const IDX i = GID(0);
            if (i <= n) {
              out[i] = 1.0f;
            }
          }
          """;
      default -> throw new IllegalArgumentException(kernel);
    };
  }

  private static String tree(String name, boolean barrier) {
    return """
        KERNEL %s(GLOBAL float* out, const i64 n) {
          LOCAL_MEM float cells[256];
          const int t = LID(0);
          cells[t] = (float)(t + 1);
          %s
          for (int s = 128; s > 0; s >>= 1) {
            if (t < s) {
              cells[t] += cells[t + s];
            }
            BARRIER;
          }
          if (t < n) {
            out[t] = cells[0];
          }
        }
        """.formatted(name, barrier ? "BARRIER;" : "");
  }
}
