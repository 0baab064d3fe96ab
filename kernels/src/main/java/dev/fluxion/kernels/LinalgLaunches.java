package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Launch planning of the linear-algebra kernels ({@link LinalgKernels}): matrices that the
 * kernel overwrites (LU) or that are not dense are first copied into contiguous work buffers,
 * right-hand sides into the output; then one work-group per batch matrix. Ops that can fail
 * share a one-element INT32 flag, filled with {@code Integer.MAX_VALUE} and lowered by the
 * kernel to the first failing batch index, which is read back (4 bytes, the op's one wait).
 */
final class LinalgLaunches {
  private final DriverBackend device;
  private final Launcher launcher;
  private final MapLaunches maps;

  LinalgLaunches(DriverBackend device, Launcher launcher, MapLaunches maps) {
    this.device = device;
    this.launcher = launcher;
    this.maps = maps;
  }

  long linalg(LinalgOp op, View[] in, View out) {
    DType t = out.dtype();
    View a = in[0];
    int r = a.ndim();
    boolean solve = op == LinalgOp.SOLVE || op == LinalgOp.SOLVE_LOWER || op == LinalgOp.SOLVE_UPPER;
    if (!LinalgKernels.defined(t) || a.dtype() != t || r < 2 || (solve && (in.length != 2 || in[1].dtype() != t))) {
      throw new IllegalArgumentException(lower(op) + ": operands " + describe(in) + " do not fit output " + t.numpyName()
          + Arrays.toString(out.shape()));
    }
    device.own(out.buffer(), op, "output");
    long n = a.shape()[r - 1];
    long k = solve ? in[1].shape()[r - 1] : 0;
    long batches = 1;
    for (int d = 0; d < r - 2; d++) {
      batches *= a.shape()[d];
    }
    if (batches == 0 || (out.size() == 0 && op != LinalgOp.DET && op != LinalgOp.SLOGDET)) {
      return -1;
    }
    if (batches > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(lower(op) + ": " + batches + " batch matrices exceed the kernels' limit of "
          + Integer.MAX_VALUE);
    }
    List<Buffer> temps = new ArrayList<>();
    try {
      Buffer flag = device.allocate(DType.INT32, 1);
      temps.add(flag);
      maps.fill(FillOp.FULL, View.contiguous(flag, new long[0]), Integer.MAX_VALUE);
      DriverBuffer f = device.own(flag, op, "flag");
      DriverBuffer o = device.own(out.buffer(), op, "output");
      LaunchPlan plan = new LaunchPlan(new long[] {batches * LinalgKernels.GROUP}, new long[] {LinalgKernels.GROUP});
      switch (op) {
        case SOLVE, DET, SLOGDET -> {
          DriverBuffer work = device.own(dense(a, temps), op, "work");
          if (op == LinalgOp.SOLVE) {
            maps.copy(in[1], out);
          }
          int mode = op == LinalgOp.SOLVE ? 0 : op == LinalgOp.DET ? 1 : 2;
          launcher.args().memory(work.memory).memory(op == LinalgOp.SOLVE ? o.memory : work.memory).memory(o.memory)
              .memory(f.memory).int64(n).int64(k).scalar(DType.INT32, mode);
          launcher.launch(LinalgKernels.lu(t), plan);
        }
        case CHOLESKY -> {
          View m = readable(a, temps);
          launcher.args().memory(device.own(m.buffer(), op, "input").memory).int64(m.offset()).memory(o.memory)
              .memory(f.memory).int64(n);
          launcher.launch(LinalgKernels.cholesky(t), plan);
        }
        case SOLVE_LOWER, SOLVE_UPPER -> {
          View m = readable(a, temps);
          maps.copy(in[1], out);
          launcher.args().memory(device.own(m.buffer(), op, "input").memory).int64(m.offset()).memory(o.memory)
              .memory(f.memory).int64(n).int64(k).scalar(DType.INT32, op == LinalgOp.SOLVE_LOWER ? 1 : 0);
          launcher.launch(LinalgKernels.triangularSolve(t), plan);
        }
      }
      if (!op.canFail()) {
        return -1;
      }
      int[] first = new int[1];
      device.read(flag, 0, first, 0, 1);
      return first[0] == Integer.MAX_VALUE ? -1 : first[0];
    } finally {
      for (Buffer b : temps) {
        device.release(b);
      }
    }
  }

  /** A contiguous copy of v in a new work buffer (kept in {@code temps} until the op ends). */
  private Buffer dense(View v, List<Buffer> temps) {
    Buffer work = device.allocate(v.dtype(), Math.max(1, v.size()));
    temps.add(work);
    maps.copy(v, View.contiguous(work, v.shape()));
    return work;
  }

  /** v itself when it is a dense tensor, else a contiguous copy (the kernels read A from an offset). */
  private View readable(View v, List<Buffer> temps) {
    if (!v.isImmediate() && v.isContiguous()) {
      return v;
    }
    return View.contiguous(dense(v, temps), v.shape());
  }

  private static String describe(View[] in) {
    StringBuilder s = new StringBuilder();
    for (View v : in) {
      s.append(s.length() == 0 ? "" : ", ").append(v.dtype().numpyName()).append(Arrays.toString(v.shape()));
    }
    return s.toString();
  }

  private static String lower(LinalgOp op) {
    return op.name().toLowerCase(java.util.Locale.ROOT);
  }
}
