package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.View;
import java.util.Arrays;

/**
 * Launch planning of gather and scatter-add (index.h): checks the views, merges their axes and
 * launches one work-item per output element (gather) or per output line (scatter-add, which is
 * deterministic because a line's additions all happen on one work-item, in order; its parallelism
 * is the number of lines, so a scatter into a 1-d tensor runs on one work-item). Immediate
 * operands are materialised in one-element buffers.
 */
final class IndexLaunches {
  private static final int GATHER_WORDS = 2 + Layouts.MAX_RANK * 4 + 3 + 2;
  private static final int SCATTER_WORDS = 3 + Layouts.MAX_RANK * 4 + 1 + Layouts.MAX_RANK * 3 + 3 + 2;

  private final DriverBackend device;
  private final Launcher launcher;
  private final MapLaunches maps;

  IndexLaunches(DriverBackend device, Launcher launcher, MapLaunches maps) {
    this.device = device;
    this.launcher = launcher;
    this.maps = maps;
  }

  void gather(View x, View index, int axis, View out) {
    checkIndex("gather", index, out.shape(), axis, true);
    if (x.dtype() != out.dtype()) {
      throw new IllegalArgumentException("gather: source dtype " + x.dtype().numpyName() + ", output " + out.dtype().numpyName());
    }
    DriverBuffer target = device.own(out.buffer(), "gather", "output");
    if (out.size() == 0) {
      return;
    }
    maps.withMaterialised(new View[] {x, index}, true, in -> {
      View src = in[0];
      View idx = in[1];
      long[] xStrides = src.strides().clone();
      xStrides[axis] = 0;
      Layouts.Merged m = Layouts.merge(out.shape(), out.strides(), xStrides, idx.strides());
      Layouts.checkRank(m, "gather", out.shape());
      long[] w = new long[GATHER_WORDS];
      w[0] = out.size();
      w[1] = m.rank();
      int at = Layouts.put(w, 2, m.shape());
      for (long[] s : m.strides()) {
        at = Layouts.put(w, at, s);
      }
      w[at++] = out.offset();
      w[at++] = src.offset();
      w[at++] = idx.offset();
      w[at++] = src.shape()[axis];
      w[at] = src.strides()[axis];
      launcher.args().memory(target.memory).memory(device.own(src.buffer(), "gather", "source").memory)
          .memory(device.own(idx.buffer(), "gather", "index").memory).struct(w);
      launcher.launch(IndexKernels.gather(out.dtype()), LaunchPlan.linear(out.size()));
    });
  }

  void scatterAdd(View index, View src, int axis, View out) {
    long[] o = index.shape();
    checkIndex("scatterAdd", index, out.shape(), axis, false);
    if (!Arrays.equals(src.shape(), o) || src.dtype() != out.dtype() || out.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("scatterAdd: values " + src.dtype().numpyName() + Arrays.toString(src.shape())
          + " into " + out.dtype().numpyName() + " with indices of shape " + Arrays.toString(o));
    }
    DriverBuffer target = device.own(out.buffer(), "scatterAdd", "output");
    maps.withMaterialised(new View[] {index, src}, true, in -> {
      View idx = in[0];
      View values = in[1];
      int lineRank = 0;
      for (int d = 0; d < o.length; d++) {
        lineRank += o[d] != 1 && d != axis && out.strides()[d] != 0 ? 1 : 0;
      }
      long[][] line = new long[4][lineRank];
      long[][] inner = new long[3][o.length - lineRank];
      for (int d = 0, l = 0, j = 0; d < o.length; d++) {
        if (o[d] != 1 && d != axis && out.strides()[d] != 0) {
          line[0][l] = o[d];
          line[1][l] = out.strides()[d];
          line[2][l] = idx.strides()[d];
          line[3][l++] = values.strides()[d];
        } else {
          inner[0][j] = o[d];
          inner[1][j] = idx.strides()[d];
          inner[2][j++] = values.strides()[d];
        }
      }
      long lines = Arrays.stream(line[0]).reduce(1, (a, b) -> a * b);
      long steps = Arrays.stream(inner[0]).reduce(1, (a, b) -> a * b);
      if (lines == 0 || steps == 0) {
        return;
      }
      Layouts.Merged l = Layouts.merge(line[0], line[1], line[2], line[3]);
      Layouts.Merged s = Layouts.merge(inner[0], inner[1], inner[2]);
      Layouts.checkRank(l, "scatterAdd", o);
      Layouts.checkRank(s, "scatterAdd", o);
      long[] w = new long[SCATTER_WORDS];
      w[0] = lines;
      w[1] = steps;
      w[2] = l.rank();
      int at = Layouts.put(w, 3, l.shape());
      for (long[] st : l.strides()) {
        at = Layouts.put(w, at, st);
      }
      w[at++] = s.rank();
      at = Layouts.put(w, at, s.shape());
      for (long[] st : s.strides()) {
        at = Layouts.put(w, at, st);
      }
      w[at++] = out.offset();
      w[at++] = idx.offset();
      w[at++] = values.offset();
      w[at++] = out.shape()[axis];
      w[at] = out.strides()[axis];
      launcher.args().memory(target.memory).memory(device.own(idx.buffer(), "scatterAdd", "index").memory)
          .memory(device.own(values.buffer(), "scatterAdd", "values").memory).struct(w);
      launcher.launch(IndexKernels.scatterAdd(out.dtype()), LaunchPlan.linear(lines));
    });
  }

  /** The index is INT64 with the iteration's shape; the output differs from it only along the axis. */
  private static void checkIndex(String op, View index, long[] out, int axis, boolean gather) {
    long[] o = index.shape();
    boolean ok = index.dtype() == DType.INT64 && o.length == out.length && axis >= 0 && axis < o.length;
    for (int d = 0; ok && d < o.length; d++) {
      ok = d == axis || o[d] == out[d];
    }
    if (!ok) {
      throw new IllegalArgumentException(op + ": indices " + index.dtype().numpyName() + Arrays.toString(o) + " do not fit "
          + (gather ? "an output" : "a target") + " of shape " + Arrays.toString(out) + " along axis " + axis);
    }
  }
}
