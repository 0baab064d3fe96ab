package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planning of gather and scatter-add on a driver that records launches: kernels, work sizes, refusals. */
class IndexLaunchesTest {
  private final FakeDriver driver = new FakeDriver(true, 1L << 30, 1L << 30);
  private final DriverBackend device = new DriverBackend(driver);

  private View tensor(DType t, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return View.contiguous(device.allocate(t, n), shape);
  }

  @Test
  void gatherLaunchesOneWorkItemPerOutputElement() {
    View x = tensor(DType.FLOAT32, 50, 300);
    View rows = new View(tensor(DType.INT64, 7).buffer(), new long[] {7, 300}, new long[] {1, 0}, 0);
    View out = tensor(DType.FLOAT32, 7, 300);
    device.gather(new View(x.buffer(), new long[] {50, 300}, x.strides(), 0), rows, 0, out);
    assertEquals(List.of("gather_f32"), driver.launched);
    assertArrayEquals(new long[] {LaunchPlan.roundUp(7 * 300, LaunchPlan.LINEAR_GROUP)}, driver.plans.get(0).global());
  }

  /** Each of the 300 columns is one line that adds its 7 values in order: no two work-items share an element. */
  @Test
  void scatterAddLaunchesOneWorkItemPerLine() {
    View out = tensor(DType.FLOAT64, 50, 300);
    View index = new View(tensor(DType.INT64, 7).buffer(), new long[] {7, 300}, new long[] {1, 0}, 0);
    View src = tensor(DType.FLOAT64, 7, 300);
    device.scatterAdd(index, src, 0, new View(out.buffer(), new long[] {50, 300}, out.strides(), 0));
    // an axis along which out has stride 0 adds into one element: it belongs to the lines' inner loop
    View summed = new View(out.buffer(), new long[] {50, 4, 300}, new long[] {300, 0, 1}, 0);
    View index3 = new View(tensor(DType.INT64, 7).buffer(), new long[] {7, 4, 300}, new long[] {1, 0, 0}, 0);
    device.scatterAdd(index3, tensor(DType.FLOAT64, 7, 4, 300), 0, summed);
    assertEquals(List.of("scatter_add_f64", "scatter_add_f64"), driver.launched);
    for (LaunchPlan plan : driver.plans) {
      assertArrayEquals(new long[] {LaunchPlan.roundUp(300, LaunchPlan.LINEAR_GROUP)}, plan.global(), "one work-item per line");
    }
  }

  @Test
  void immediateValuesAreMaterialisedAndBadOperandsRefused() {
    View out = tensor(DType.INT32, 4);
    View index = tensor(DType.INT64, 6);
    View ones = new View(new ImmediateBuffer(DType.INT32, 1), new long[] {6}, new long[] {0}, 0);
    device.scatterAdd(index, ones, 0, new View(out.buffer(), new long[] {4}, new long[] {1}, 0));
    assertEquals(List.of("fill_full_i32_dense", "scatter_add_i32"), driver.launched);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> device.scatterAdd(tensor(DType.INT32, 6), tensor(DType.INT32, 6), 0, out));
    assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("int32"), e.getMessage());
    View bools = tensor(DType.BOOL, 4);
    e = assertThrows(IllegalArgumentException.class, () -> device.scatterAdd(index, tensor(DType.BOOL, 6), 0, bools));
    assertTrue(e.getMessage().contains("bool"), e.getMessage());
  }
}
