package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The tiled matmul kernel's local-memory accesses against a CUDA GPU's shared memory: 32 banks
 * of 4 bytes, a warp's request served in one pass unless two of its threads touch different
 * words of one bank (a 64-bit access is served per half-warp). The indices are matmul.c's: work-
 * item {@code t = LID(1)·COLUMNS + LID(0)} (CUDA's linear thread id), filling element
 * {@code e = t + 256·j} of the tiles, {@code as[aq][ar]} with {@code ar = e / DEPTH},
 * {@code aq = e % DEPTH} and {@code bs[bq][bc]} with {@code bq = e / TILE}, {@code bc = e % TILE};
 * then reading {@code as[q][tr·RPT + i]} and {@code bs[q][tc]}.
 */
class MatmulBankConflictTest {
  private static final int TILE = MatmulKernels.TILE;
  private static final int THREADS = MatmulKernels.GROUP_COLUMNS * MatmulKernels.GROUP_ROWS;
  private static final int DEPTH = 16;

  @Test
  void theATileStoresConflictAtMostTwoWaysAndEveryOtherAccessNot() {
    for (DType t : DType.values()) {
      int row = TILE + MatmulKernels.padding(t);
      assertTrue(worst(t, e -> (e % DEPTH) * row + e / DEPTH) <= 2, t + ": stores of the A tile");
      assertEquals(1, worst(t, e -> (e / TILE) * TILE + e % TILE), t + ": stores of the B tile");
      int rpt = TILE / MatmulKernels.GROUP_ROWS;
      assertEquals(1, worst(t, th -> (th / MatmulKernels.GROUP_COLUMNS) * rpt), t + ": loads of the A tile");
      assertEquals(1, worst(t, th -> th % MatmulKernels.GROUP_COLUMNS), t + ": loads of the B tile");
    }
  }

  @Test
  void everyRowOfTheATileStays16ByteAlignedForVectorLoads() {
    for (DType t : DType.values()) {
      assertEquals(0, (TILE + MatmulKernels.padding(t)) * t.byteSize() % 16, t.toString());
    }
  }

  @Test
  void withoutThePaddingTheATileStoresConflict16Ways() {
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      assertEquals(16, worst(t, e -> (e % DEPTH) * TILE + e / DEPTH), t.toString());
    }
  }

  @Test
  void theKernelSourceUsesThePadding() {
    String source = MatmulKernels.program(new ProgramKey(Family.MATMUL, DType.FLOAT32), CudaCompileCheck.CUDA_DEVICE)
        .render(Dialect.CUDA);
    assertTrue(source.contains("#define MM_PAD " + MatmulKernels.padding(DType.FLOAT32)), source);
    assertTrue(source.contains("as[2][MM_DEPTH][MM_TILE + MM_PAD]"), source);
    assertTrue(MatmulKernels.sharedBytes(DType.FLOAT64, 16) <= CudaCompileCheck.CUDA_DEVICE.localMemoryBytes() - 1024,
        "the padded 16-deep FLOAT64 tiles still fit CUDA's 48 KiB");
  }

  /**
   * The worst bank conflict (most distinct 4-byte words in one bank) of any warp's access to
   * element {@code index(threadOrElement)}, over the 256 threads of one step (e = t).
   */
  private static int worst(DType t, IntUnaryOperator index) {
    int bytes = t.byteSize();
    int group = bytes == 8 ? 16 : 32;
    int worst = 0;
    for (int first = 0; first < THREADS; first += group) {
      Map<Integer, Set<Integer>> wordsPerBank = new HashMap<>();
      for (int th = first; th < first + group; th++) {
        long address = (long) index.applyAsInt(th) * bytes;
        for (long word = address / 4; word <= (address + bytes - 1) / 4; word++) {
          wordsPerBank.computeIfAbsent((int) (word % 32), k -> new HashSet<>()).add((int) word);
        }
      }
      for (Set<Integer> words : wordsPerBank.values()) {
        worst = Math.max(worst, words.size());
      }
    }
    return worst;
  }
}
