package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Reshape (of contiguous data), transpose, broadcastTo, slice, flip, get, expandDims, squeeze
 * and detach are views: making one launches no kernel and moves no data, and an assign into
 * the base is seen through the view. A reshape that strides cannot express copies.
 */
public abstract class ViewTests extends DeviceTest {
  /** Base [[0, 1, 2], [3, 4, 5]]; after the assign, [[10, 11, 12], [13, 14, 15]]. */
  private void checkView(String name, UnaryOperator<Tensor> view, long[] shape, double[] before, double[] after) {
    Tensor base = Tensor.from(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
    Tensor update = Tensor.from(new double[] {10, 11, 12, 13, 14, 15}, 2, 3);
    device().resetStats();
    Tensor v = view.apply(base);
    assertEquals(0, device().stats().kernelLaunches(), name + " launched a kernel: it copied instead of viewing");
    assertEquals(0, device().stats().hostToDeviceBytes(), name + " moved data to the device");
    assertTensor(shape, before, v, 0, name);
    base.assign(update);
    assertTensor(shape, after, v, 0, name + " after an assign into its base");
  }

  @Test
  void reshapeOfContiguousData() {
    checkView("reshape", t -> t.reshape(3, 2), new long[] {3, 2}, new double[] {0, 1, 2, 3, 4, 5},
        new double[] {10, 11, 12, 13, 14, 15});
    checkView("flatten", Tensor::flatten, new long[] {6}, new double[] {0, 1, 2, 3, 4, 5},
        new double[] {10, 11, 12, 13, 14, 15});
    checkView("expandDims", t -> t.expandDims(1), new long[] {2, 1, 3}, new double[] {0, 1, 2, 3, 4, 5},
        new double[] {10, 11, 12, 13, 14, 15});
    checkView("squeeze", t -> t.reshape(1, 2, 3).squeeze(0), new long[] {2, 3}, new double[] {0, 1, 2, 3, 4, 5},
        new double[] {10, 11, 12, 13, 14, 15});
  }

  @Test
  void transpose() {
    checkView("T", Tensor::T, new long[] {3, 2}, new double[] {0, 3, 1, 4, 2, 5}, new double[] {10, 13, 11, 14, 12, 15});
    checkView("swapAxes", t -> t.expandDims(0).swapAxes(0, 2), new long[] {3, 2, 1}, new double[] {0, 3, 1, 4, 2, 5},
        new double[] {10, 13, 11, 14, 12, 15});
  }

  @Test
  void broadcastTo() {
    checkView("broadcastTo", t -> t.reshape(2, 1, 3).broadcastTo(2, 2, 3), new long[] {2, 2, 3},
        new double[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, new double[] {10, 11, 12, 10, 11, 12, 13, 14, 15, 13, 14, 15});
  }

  @Test
  void sliceFlipAndGet() {
    checkView("slice", t -> t.slice(1, 0, 3, 2), new long[] {2, 2}, new double[] {0, 2, 3, 5}, new double[] {10, 12, 13, 15});
    checkView("negative-step slice", t -> t.slice(1, 2, 0, -1), new long[] {2, 2}, new double[] {2, 1, 5, 4},
        new double[] {12, 11, 15, 14});
    checkView("flip", Tensor::flip, new long[] {2, 3}, new double[] {5, 4, 3, 2, 1, 0}, new double[] {15, 14, 13, 12, 11, 10});
    checkView("get", t -> t.get(1), new long[] {3}, new double[] {3, 4, 5}, new double[] {13, 14, 15});
    checkView("get of a transpose", t -> t.T().get(-1), new long[] {2}, new double[] {2, 5}, new double[] {12, 15});
  }

  @Test
  void detach() {
    checkView("detach", Tensor::detach, new long[] {2, 3}, new double[] {0, 1, 2, 3, 4, 5},
        new double[] {10, 11, 12, 13, 14, 15});
  }

  @Test
  void reshapeOfATransposeCopies() {
    Tensor base = Tensor.from(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
    device().resetStats();
    Tensor r = base.T().reshape(6);
    assertTrue(device().stats().kernelLaunches() >= 1, "the reshape of a transpose must gather its elements");
    assertTensor(new long[] {6}, new double[] {0, 3, 1, 4, 2, 5}, r, 0, "reshape of the transpose");
    base.assign(Tensor.from(new double[] {10, 11, 12, 13, 14, 15}, 2, 3));
    assertTensor(new long[] {6}, new double[] {0, 3, 1, 4, 2, 5}, r, 0, "the copy does not see the assign");
    Tensor s = base.slice(1, 0, 3, 2).reshape(4);
    assertTensor(new long[] {4}, new double[] {10, 12, 13, 15}, s, 0, "reshape of a strided slice");
  }

  @Test
  void gradientsFlowThroughViews() {
    Tensor base = Tensor.from(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
    base.T().slice(0, 2, -4, -2).flip().reshape(-1).mul(Tensor.of(1.0, 2.0, 3.0, 4.0)).sum().backward();
    // base.T() is [[0,3],[1,4],[2,5]]; rows 2, 0 → [[2,5],[0,3]]; flipped → [[3,0],[5,2]] → [3, 0, 5, 2]
    assertTensor(new long[] {2, 3}, new double[] {2, 0, 4, 1, 0, 3}, base.grad(), 0, "gradient scattered back through views");
  }
}
