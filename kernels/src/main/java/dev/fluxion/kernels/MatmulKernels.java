package dev.fluxion.kernels;

import dev.fluxion.DType;
import java.util.List;
import java.util.Map;

/**
 * The batched matrix product (matmul.c), one kernel per dtype: floats accumulate in their own
 * type (as BLAS does), integers and booleans in INT64 (a boolean product is "any a·b non-zero").
 */
public final class MatmulKernels {
  /** Edge of the C tile of one work-group, and the work-group's shape in work-items (matmul.h). */
  public static final int TILE = 64;
  public static final int GROUP_COLUMNS = 64;
  public static final int GROUP_ROWS = DriverBackend.REQUIRED_WORK_GROUP / GROUP_COLUMNS;

  private MatmulKernels() {}

  public static KernelRef kernel(DType t) {
    return new KernelRef(new ProgramKey(Family.MATMUL, t), "matmul_" + CTypes.suffix(t));
  }

  static ProgramSource program(ProgramKey key, Target target) {
    DType t = key.dtype();
    DType acc = t.isFloating() ? t : DType.INT64;
    String text = Template.render("matmul.c", Map.of(
        "TILE", Integer.toString(TILE),
        "COLUMNS", Integer.toString(GROUP_COLUMNS),
        "ROWS", Integer.toString(GROUP_ROWS),
        "RPT", Integer.toString(TILE / GROUP_ROWS),
        "DEPTH", Integer.toString(depth(t, target.localMemoryBytes())),
        "PAD", Integer.toString(padding(t)),
        "NAME", kernel(t).name(),
        "T", CTypes.of(t),
        "ACC", CTypes.of(acc),
        "STORE", CTypes.store(t, "acc[i]")));
    return new ProgramSource(key, target, List.of("matmul.h"), List.of(text));
  }

  /**
   * Elements after each row of the A tile in local memory: 16 bytes' worth. The tile is filled
   * along its depth (consecutive work-items store consecutive k of one row, so that the global
   * loads are coalesced); with rows of exactly {@code TILE} elements a warp's stores would hit one
   * or two of the 32 four-byte shared-memory banks of a CUDA GPU (16-way conflicts). 16 more bytes
   * per row spread them over the banks (2-way at worst) and keep every row 16-byte aligned, so the
   * inner loop's reads of a row can stay 128-bit loads (8 bytes would remove the last conflict but
   * halve the width of those loads). See MatmulBankConflictTest.
   */
  public static int padding(DType t) {
    return 16 / t.byteSize();
  }

  /**
   * Depth of the shared tiles: 16 when A's and B's tiles, in two buffers each
   * ({@code 2 · 16 · ((TILE + padding) + TILE) · element bytes}: about 16 KiB for FLOAT32, 32 KiB
   * for FLOAT64), fit the device's local memory with 1 KiB to spare, else 8. (On PoCL the 8-deep
   * FLOAT64 kernel is several times slower than the 16-deep one.)
   */
  static int depth(DType t, long localMemoryBytes) {
    return sharedBytes(t, 16) <= localMemoryBytes - 1024 ? 16 : 8;
  }

  /** Local memory of one work-group's tiles at depth {@code depth}. */
  static long sharedBytes(DType t, int depth) {
    return 2L * depth * (2L * TILE + padding(t)) * t.byteSize();
  }
}
