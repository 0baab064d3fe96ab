package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * Launch planning of the batched matrix product: one work-group of
 * {@link MatmulKernels#GROUP_COLUMNS} × {@link MatmulKernels#GROUP_ROWS} work-items per
 * {@link MatmulKernels#TILE}² tile of each batch matrix of C (batch and row tile share the first launch axis, whose range is the
 * largest on every device). Operands may have any strides; immediates are materialised. When
 * the driver offers a {@link LibraryGemm}, a product whose batch axes merge into one goes to it
 * first, and to the tiled kernel only when the library refuses its layout.
 */
final class MatmulLaunches {
  private static final int LAYOUT_WORDS = 11 + Layouts.MAX_RANK * 4 + 3;

  private final DriverBackend device;
  private final Launcher launcher;
  private final MapLaunches maps;
  private final LibraryGemm library;
  private long libraryProducts;
  private long kernelProducts;

  MatmulLaunches(DriverBackend device, Launcher launcher, MapLaunches maps, LibraryGemm library) {
    this.device = device;
    this.launcher = launcher;
    this.maps = maps;
    this.library = library;
  }

  /** Which GEMM runs, for the device's description; with a library, how many products each path ran. */
  String report() {
    return library == null ? DriverBackend.TILED_GEMM : "GEMM: " + library.description() + " (this session: " + libraryProducts
        + " products by the library, " + kernelProducts + " by the tiled kernel)";
  }

  void matmul(View a, View b, View out) {
    DType t = out.dtype();
    int r = out.ndim();
    if (a.dtype() != t || b.dtype() != t || r < 2 || a.ndim() != r || b.ndim() != r) {
      throw new IllegalArgumentException("matmul: operands " + describe(a) + " and " + describe(b) + " do not fit output "
          + describe(out));
    }
    long n = out.shape()[r - 2];
    long m = out.shape()[r - 1];
    long k = a.shape()[r - 1];
    long[] batch = Arrays.copyOf(out.shape(), r - 2);
    if (a.shape()[r - 2] != n || b.shape()[r - 2] != k || b.shape()[r - 1] != m
        || !Arrays.equals(batch, Arrays.copyOf(a.shape(), r - 2)) || !Arrays.equals(batch, Arrays.copyOf(b.shape(), r - 2))) {
      throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
          + " do not give " + Arrays.toString(out.shape()));
    }
    DriverBuffer c = device.own(out.buffer(), "matmul", "output");
    if (out.size() == 0) {
      return;
    }
    maps.withMaterialised(new View[] {a, b}, true, ready -> {
      View va = ready[0];
      View vb = ready[1];
      DriverBuffer da = device.own(va.buffer(), "matmul", "first operand");
      DriverBuffer db = device.own(vb.buffer(), "matmul", "second operand");
      Layouts.Merged merged = Layouts.merge(batch, Arrays.copyOf(out.strides(), r - 2), Arrays.copyOf(va.strides(), r - 2),
          Arrays.copyOf(vb.strides(), r - 2));
      Layouts.checkRank(merged, "matmul", out.shape());
      long batches = out.size() / (n * m);
      if (library != null && merged.rank() == 1) {
        long[][] bs = merged.strides();
        boolean batched = batches > 1;
        GemmOperands g = new GemmOperands(t, batches, n, m, k,
            new GemmOperands.Matrix(da.memory, va.offset(), va.strides()[r - 2], va.strides()[r - 1], batched ? bs[1][0] : 0),
            new GemmOperands.Matrix(db.memory, vb.offset(), vb.strides()[r - 2], vb.strides()[r - 1], batched ? bs[2][0] : 0),
            new GemmOperands.Matrix(c.memory, out.offset(), out.strides()[r - 2], out.strides()[r - 1], batched ? bs[0][0] : 0));
        if (library.gemm(g)) {
          launcher.countLaunch();
          libraryProducts++;
          return;
        }
      }
      kernelProducts++;
      long rowTiles = (n + MatmulKernels.TILE - 1) / MatmulKernels.TILE;
      long colTiles = (m + MatmulKernels.TILE - 1) / MatmulKernels.TILE;
      long[] w = new long[LAYOUT_WORDS];
      long[] matrix = {n, m, k, rowTiles, va.strides()[r - 2], va.strides()[r - 1], vb.strides()[r - 2], vb.strides()[r - 1],
          out.strides()[r - 2], out.strides()[r - 1], merged.rank()};
      System.arraycopy(matrix, 0, w, 0, matrix.length);
      int at = Layouts.put(w, matrix.length, merged.shape());
      for (long[] s : merged.strides()) {
        at = Layouts.put(w, at, s);
      }
      w[at] = out.offset();
      w[at + 1] = va.offset();
      w[at + 2] = vb.offset();
      launcher.args().memory(c.memory).memory(da.memory).memory(db.memory).struct(w);
      int gx = MatmulKernels.GROUP_COLUMNS;
      int gy = MatmulKernels.GROUP_ROWS;
      launcher.launch(MatmulKernels.kernel(t),
          new LaunchPlan(new long[] {batches * rowTiles * gx, colTiles * gy}, new long[] {gx, gy}));
    });
  }

  private static String describe(View v) {
    return v.dtype().numpyName() + Arrays.toString(v.shape());
  }
}
