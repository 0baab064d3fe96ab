package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.DeviceStats;
import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dispatch, planning and counters of {@link DriverBackend}, on a driver that records instead of running. */
class DriverBackendTest {
  private final FakeDriver driver = new FakeDriver(true, 1L << 30, 1L << 30);
  private final DriverBackend device = new DriverBackend(driver);

  private View tensor(DType t, long... shape) {
    return View.contiguous(device.allocate(t, size(shape)), shape);
  }

  private static long size(long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  private static View immediate(DType t, double v, long... shape) {
    return new View(new ImmediateBuffer(t, v), shape, new long[shape.length], 0);
  }

  @Test
  void withoutFp64Float64IsUnsupportedNamingTheDevice() {
    DriverBackend noFp64 = new DriverBackend(new FakeDriver(false, 1L << 30, 1L << 30));
    assertFalse(noFp64.supports(DType.FLOAT64));
    assertTrue(noFp64.supports(DType.FLOAT32));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> noFp64.allocate(DType.FLOAT64, 4));
    assertTrue(e.getMessage().contains("fake:0") && e.getMessage().contains("float64"), e.getMessage());
  }

  @Test
  void aDeviceWithSmallWorkGroupsIsUnavailableSayingWhy() {
    DeviceInfo small = new DeviceInfo("fake:1", "a small device", true, 1L << 30, 1L << 30, 128, 48 * 1024);
    DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> new DriverBackend(new FakeDriver(small, 1L << 30)));
    assertTrue(e.getMessage().contains("fake:1") && e.getMessage().contains("128") && e.getMessage().contains("256"), e.getMessage());
  }

  @Test
  void scalarsTravelAsKernelArgumentsNotTransfers() {
    View x = tensor(DType.FLOAT32, 3, 4);
    View out = tensor(DType.FLOAT32, 3, 4);
    device.resetStats();
    device.binary(BinaryOp.MUL, x, immediate(DType.FLOAT32, 2, 3, 4), out);
    device.binary(BinaryOp.SUB, immediate(DType.FLOAT32, 1, 3, 4), x, out);
    assertEquals(List.of("binary_mul_f32_ts_dense", "binary_sub_f32_st_dense"), driver.launched);
    assertEquals(0, device.stats().hostToDeviceBytes());
  }

  @Test
  void broadcastAndTransposedViewsTakeTheStridedKernels() {
    View x = tensor(DType.FLOAT64, 3, 4);
    View row = new View(device.allocate(DType.FLOAT64, 4), new long[] {3, 4}, new long[] {0, 1}, 0);
    View out = tensor(DType.FLOAT64, 3, 4);
    device.binary(BinaryOp.ADD, x, row, out);
    View xt = new View(x.buffer(), new long[] {4, 3}, new long[] {1, 4}, 0);
    device.unary(UnaryOp.EXP, xt, tensor(DType.FLOAT64, 4, 3));
    assertEquals(List.of("binary_add_f64_tt_strided", "unary_exp_f64_strided"), driver.launched);
  }

  @Test
  void immediatesWithoutATensorBecomeFills() {
    View out = tensor(DType.FLOAT32, 5);
    device.copy(immediate(DType.FLOAT64, 3, 5), out);
    device.where(immediate(DType.BOOL, 1, 5), immediate(DType.FLOAT32, 1, 5), immediate(DType.FLOAT32, 2, 5), out);
    device.unary(UnaryOp.EXP, immediate(DType.FLOAT32, 1, 5), out);
    assertEquals(List.of("fill_full_f32_dense", "fill_full_f32_dense", "fill_full_f32_dense", "unary_exp_f32_strided"),
        driver.launched);
  }

  @Test
  void reductionsUseTheTreeOnlyForFewOutputsWithLongBlocks() {
    View wide = tensor(DType.FLOAT32, 8, 100_000);
    device.reduce(ReduceOp.SUM, wide, new int[] {1}, tensor(DType.FLOAT32, 8));
    View tall = tensor(DType.FLOAT32, 100_000, 8);
    device.reduce(ReduceOp.ARGMAX, tall, new int[] {1}, tensor(DType.INT64, 100_000));
    assertEquals(List.of("reduce_sum_f32_partial", "reduce_sum_f32_final", "reduce_argmax_f32_each"), driver.launched);
  }

  @Test
  void badInputsAreRefusedBeforeAnyLaunch() {
    View x = tensor(DType.INT32, 4);
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> device.binary(BinaryOp.ADD, x, tensor(DType.INT32, 5), tensor(DType.INT32, 4)));
    assertTrue(shape.getMessage().contains("add") && shape.getMessage().contains("[5]"), shape.getMessage());
    UnsupportedOperationException op = assertThrows(UnsupportedOperationException.class,
        () -> device.unary(UnaryOp.EXP, x, tensor(DType.INT32, 4)));
    assertTrue(op.getMessage().contains("exp") && op.getMessage().contains("int32"), op.getMessage());
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> device.reduce(ReduceOp.SUM, x, new int[] {0}, tensor(DType.INT32)));
    assertTrue(dtype.getMessage().contains("int64"), dtype.getMessage());
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
        () -> device.fill(FillOp.FULL, View.contiguous(new DriverBackend(driver).allocate(DType.INT32, 4), new long[] {4}), 1));
    assertTrue(foreign.getMessage().contains("not a buffer of fake:0"), foreign.getMessage());
    assertTrue(driver.launched.isEmpty(), "launched " + driver.launched);
  }

  @Test
  void programsAreCompiledOncePerFamilyAndDtype() {
    View x = tensor(DType.FLOAT32, 16);
    for (UnaryOp op : List.of(UnaryOp.EXP, UnaryOp.SIN, UnaryOp.EXP)) {
      device.unary(op, x, x);
    }
    device.matmul(tensor(DType.FLOAT32, 2, 3), tensor(DType.FLOAT32, 3, 4), tensor(DType.FLOAT32, 2, 4));
    assertEquals(List.of("unary_f32", "matmul_f32"), driver.compiled);
  }

  @Test
  void countersFollowTransfersLaunchesAndTheCache() {
    Buffer b = device.allocate(DType.FLOAT64, 100);
    device.write(b, 0, new double[100], 0, 100);
    device.read(b, 10, new double[5], 0, 5);
    device.fill(FillOp.IOTA, View.contiguous(b, new long[] {100}), 0, 1);
    DeviceStats s = device.stats();
    assertEquals(800, s.hostToDeviceBytes());
    assertEquals(40, s.deviceToHostBytes());
    assertEquals(1, s.kernelLaunches());
    assertEquals(896, s.allocatedBytes(), "800 bytes round up to an 896-byte block");
    assertEquals(0, s.cachedBytes());
    device.release(b);
    assertEquals(896, device.stats().cachedBytes());
    device.allocate(DType.FLOAT32, 200);
    assertEquals(896, device.stats().allocatedBytes(), "the cached block served a request of its size");
    device.resetStats();
    assertEquals(0, device.stats().hostToDeviceBytes() + device.stats().kernelLaunches());
  }
}
