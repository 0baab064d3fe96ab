package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.View;
import java.util.Arrays;
import java.util.Locale;

/**
 * Launch planning of the reductions: the input's axes split into kept axes (one output each
 * position) and reduced axes (the block each output folds). Many outputs: one work-item per
 * output walks its block ({@code _each}). Few outputs with a long block: a two-stage tree —
 * {@code groups} work-groups per output fold one chunk each into a partial (value, index) pair,
 * then one work-group per output folds its pairs — so that a single long sum still occupies
 * the whole device.
 */
final class ReduceLaunches {
  /** The tree is used for at most this many outputs ... */
  static final long TREE_MAX_OUTPUTS = 4096;
  /** ... each reducing at least this many elements. */
  static final long TREE_MIN_INNER = 1024;
  /** First-stage work-groups the tree aims for over all outputs. */
  static final long TREE_TARGET_GROUPS = 256;

  private static final int LAYOUT_WORDS = 2 + 1 + 3 * Layouts.MAX_RANK + 2 + 1 + 2 * Layouts.MAX_RANK + 2;

  private final DriverBackend device;
  private final Launcher launcher;
  private final MapLaunches maps;

  ReduceLaunches(DriverBackend device, Launcher launcher, MapLaunches maps) {
    this.device = device;
    this.launcher = launcher;
    this.maps = maps;
  }

  void reduce(ReduceOp op, View x, int[] axes, View out) {
    String name = op.name().toLowerCase(Locale.ROOT);
    DType in = x.dtype();
    DType expected = ReduceKernels.outputType(op, in);
    if (out.dtype() != expected) {
      throw new IllegalArgumentException(name + ": output dtype " + out.dtype().numpyName() + ", expected " + expected.numpyName());
    }
    boolean[] reduced = reducedAxes(name, x, axes, op);
    int keptCount = x.ndim() - axes.length;
    long[] keptShape = new long[keptCount];
    for (int d = 0, k = 0; d < x.ndim(); d++) {
      if (!reduced[d]) {
        keptShape[k++] = x.shape()[d];
      }
    }
    if (!Arrays.equals(keptShape, out.shape())) {
      throw new IllegalArgumentException(name + ": output of shape " + Arrays.toString(out.shape()) + " for input "
          + Arrays.toString(x.shape()) + " reduced over axes " + Arrays.toString(axes) + ", expected " + Arrays.toString(keptShape));
    }
    DriverBuffer target = device.own(out.buffer(), name, "output");
    maps.withMaterialised(new View[] {x}, true, ready -> {
      View src = ready[0];
      DriverBuffer source = device.own(src.buffer(), name, "input");
      long[] keptIn = new long[keptCount];
      long[] innerShape = new long[axes.length];
      long[] innerIn = new long[axes.length];
      for (int d = 0, k = 0, r = 0; d < src.ndim(); d++) {
        if (reduced[d]) {
          innerShape[r] = src.shape()[d];
          innerIn[r++] = src.strides()[d];
        } else {
          keptIn[k++] = src.strides()[d];
        }
      }
      long outputs = out.size();
      long inner = 1;
      for (long s : innerShape) {
        inner *= s;
      }
      if (outputs == 0) {
        return;
      }
      Layouts.Merged kept = Layouts.merge(keptShape, out.strides(), keptIn);
      Layouts.Merged block = Layouts.merge(innerShape, innerIn);
      Layouts.checkRank(kept, name, x.shape());
      Layouts.checkRank(block, name, x.shape());
      if (outputs <= TREE_MAX_OUTPUTS && inner >= TREE_MIN_INNER) {
        tree(op, in, target, source, kept, block, outputs, inner, out.offset(), src.offset());
      } else {
        long[] words = layout(kept, block, outputs, inner, out.offset(), src.offset(), 0, 0);
        launcher.args().memory(target.memory).memory(source.memory).struct(words);
        launcher.launch(ReduceKernels.kernel(op, in, ReduceKernels.Stage.EACH), LaunchPlan.linear(outputs));
      }
    });
  }

  private void tree(ReduceOp op, DType in, DriverBuffer target, DriverBuffer source, Layouts.Merged kept,
      Layouts.Merged block, long outputs, long inner, long outOffset, long inOffset) {
    int group = ReduceKernels.GROUP;
    long groups = Math.max(1, Math.min(ceilDiv(TREE_TARGET_GROUPS, outputs), Math.min(ceilDiv(inner, group), group)));
    long chunk = ceilDiv(inner, groups);
    long[] words = layout(kept, block, outputs, inner, outOffset, inOffset, groups, chunk);
    Buffer values = device.allocate(ReduceKernels.accumulatorType(op, in, launcher.fp64), outputs * groups);
    Buffer bests = device.allocate(DType.INT64, outputs * groups);
    try {
      DeviceMemory v = ((DriverBuffer) values).memory;
      DeviceMemory b = ((DriverBuffer) bests).memory;
      launcher.args().memory(v).memory(b).memory(source.memory).memory(b).struct(words);
      launcher.launch(ReduceKernels.kernel(op, in, ReduceKernels.Stage.PARTIAL),
          new LaunchPlan(new long[] {groups * group, outputs}, new long[] {group, 1}));
      launcher.args().memory(target.memory).memory(b).memory(v).memory(b).struct(words);
      launcher.launch(ReduceKernels.kernel(op, in, ReduceKernels.Stage.FINAL),
          new LaunchPlan(new long[] {group, outputs}, new long[] {group, 1}));
    } finally {
      device.release(values);
      device.release(bests);
    }
  }

  /** Validates the axes (sorted, distinct, in range; exactly one for argmax/argmin). */
  private static boolean[] reducedAxes(String name, View x, int[] axes, ReduceOp op) {
    boolean[] reduced = new boolean[x.ndim()];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i];
      if (a < 0 || a >= x.ndim() || (i > 0 && a <= axes[i - 1])) {
        throw new IllegalArgumentException(name + ": axes " + Arrays.toString(axes) + " must be sorted, distinct and within the "
            + x.ndim() + " axes of shape " + Arrays.toString(x.shape()));
      }
      reduced[a] = true;
    }
    if ((op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) && axes.length != 1) {
      throw new IllegalArgumentException(name + ": reduces exactly one axis, got " + Arrays.toString(axes));
    }
    return reduced;
  }

  private static long[] layout(Layouts.Merged kept, Layouts.Merged block, long outputs, long inner, long outOffset,
      long inOffset, long groups, long chunk) {
    long[] w = new long[LAYOUT_WORDS];
    w[0] = outputs;
    w[1] = inner;
    w[2] = kept.rank();
    int at = Layouts.put(w, 3, kept.shape());
    at = Layouts.put(w, at, kept.strides()[0]);
    at = Layouts.put(w, at, kept.strides()[1]);
    w[at++] = outOffset;
    w[at++] = inOffset;
    w[at++] = block.rank();
    at = Layouts.put(w, at, block.shape());
    at = Layouts.put(w, at, block.strides()[0]);
    w[at++] = groups;
    w[at] = chunk;
    return w;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
