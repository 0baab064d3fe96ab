package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's GEMM hook: which products reach a library, with what strides, and what falls back to the tiled kernel. */
class LibraryGemmTest {
  /** A library that takes FLOAT32 products only, and records them. */
  private static final class Float32Only implements LibraryGemm {
    final List<GemmOperands> taken = new ArrayList<>();

    @Override
    public String description() {
      return "fakeBLAS 1.0";
    }

    @Override
    public boolean gemm(GemmOperands g) {
      if (g.dtype() != DType.FLOAT32) {
        return false;
      }
      taken.add(g);
      return true;
    }
  }

  private final Float32Only library = new Float32Only();
  private final FakeDriver driver = new FakeDriver(true, 1L << 30, 1L << 30);
  private final DriverBackend device;

  LibraryGemmTest() {
    driver.library = library;
    device = new DriverBackend(driver);
  }

  private View tensor(DType t, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return View.contiguous(device.allocate(t, n), shape);
  }

  @Test
  void aPlainProductGoesToTheLibraryAsOneLaunchWithItsStrides() {
    device.resetStats();
    device.matmul(tensor(DType.FLOAT32, 2, 3), tensor(DType.FLOAT32, 3, 4), tensor(DType.FLOAT32, 2, 4));
    assertEquals(List.of(), driver.launched, "no kernel ran");
    assertEquals(1, device.stats().kernelLaunches(), "the library call counts as a launch");
    GemmOperands g = library.taken.get(0);
    assertEquals(List.of(1L, 2L, 4L, 3L), List.of(g.batches(), g.n(), g.m(), g.k()));
    assertEquals(new GemmOperands.Matrix(g.a().memory(), 0, 3, 1, 0), g.a());
    assertEquals(new GemmOperands.Matrix(g.b().memory(), 0, 4, 1, 0), g.b());
    assertEquals(new GemmOperands.Matrix(g.c().memory(), 0, 4, 1, 0), g.c());
    assertTrue(device.description().contains("fakeBLAS 1.0 (this session: 1 products by the library, 0 by the tiled kernel)"),
        device.description());
  }

  @Test
  void batchesMergeIntoOneStrideAndTransposedOrBroadcastOperandsKeepTheirs() {
    View a = tensor(DType.FLOAT32, 2, 3, 5, 6);
    View bt = new View(device.allocate(DType.FLOAT32, 7 * 6), new long[] {2, 3, 6, 7}, new long[] {0, 0, 1, 6}, 0);
    device.matmul(a, bt, tensor(DType.FLOAT32, 2, 3, 5, 7));
    GemmOperands g = library.taken.get(0);
    assertEquals(List.of(6L, 5L, 7L, 6L), List.of(g.batches(), g.n(), g.m(), g.k()));
    assertEquals(new GemmOperands.Matrix(g.a().memory(), 0, 6, 1, 30), g.a());
    assertEquals(new GemmOperands.Matrix(g.b().memory(), 0, 1, 6, 0), g.b(), "a broadcast B: batch stride 0, transposed");
    assertEquals(35, g.c().batchStride());
  }

  @Test
  void whatTheLibraryRefusesOrCannotBeOneBatchStrideRunsTheTiledKernel() {
    device.matmul(tensor(DType.FLOAT64, 2, 3), tensor(DType.FLOAT64, 3, 4), tensor(DType.FLOAT64, 2, 4));
    View a = new View(device.allocate(DType.FLOAT32, 2 * 3 * 4 * 5), new long[] {2, 3, 4, 5}, new long[] {5, 40, 10, 1}, 0);
    device.matmul(a, tensor(DType.FLOAT32, 2, 3, 5, 2), tensor(DType.FLOAT32, 2, 3, 4, 2));
    assertEquals(List.of("matmul_f64", "matmul_f32"), driver.launched);
    assertEquals(List.of(), library.taken, "float64 refused by the library; two batch axes that do not merge never offered");
    assertTrue(device.description().contains("0 products by the library, 2 by the tiled kernel"), device.description());
  }

  @Test
  void withoutALibraryTheDescriptionNamesTheTiledKernel() {
    DriverBackend plain = new DriverBackend(new FakeDriver(true, 1L << 30, 1L << 30));
    assertTrue(plain.description().startsWith("a fake device for tests; GEMM: the kernels module's tiled kernel; fused programs: "),
        plain.description());
  }
}
