package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DriverBackend#fused}: which kernels a program becomes, and every refusal before anything is queued. */
class FusedLaunchesTest {
  private final FakeDriver driver = new FakeDriver(true, 1L << 30, 1L << 30);
  private final DriverBackend device = new DriverBackend(driver);

  /** r2 = exp(r0) · r1, r3 = r2 + 1: outputs r3 and r2. */
  private static final FusedProgram TWO_OUTPUTS = new FusedProgram(DType.FLOAT32, 2, List.of(
      new FusedProgram.Unary(UnaryOp.EXP, 0), new FusedProgram.Binary(BinaryOp.MUL, 2, 1), new FusedProgram.Const(1),
      new FusedProgram.Binary(BinaryOp.ADD, 3, 4)), new int[] {5, 3});

  private View tensor(DType t, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return View.contiguous(device.allocate(t, n), shape);
  }

  private static View immediate(DType t, double v, long... shape) {
    return new View(new ImmediateBuffer(t, v), shape, new long[shape.length], 0);
  }

  private static View broadcast(View v, long... shape) {
    long[] strides = new long[shape.length];
    int lead = shape.length - v.ndim();
    for (int d = 0; d < shape.length; d++) {
      strides[d] = d < lead || v.shape()[d - lead] != shape[d] ? 0 : v.strides()[d - lead];
    }
    return new View(v.buffer(), shape, strides, v.offset());
  }

  private static FusedProgram sum(DType t, int... axes) {
    return new FusedProgram(t, 1, List.of(new FusedProgram.Unary(UnaryOp.SQRT, 0)), new int[] {1},
        new FusedProgram.Reduction(axes, new ReduceOp[] {ReduceOp.SUM}));
  }

  @Test
  void anElementwiseProgramIsOneGeneratedKernelCompiledOnce() {
    View a = tensor(DType.FLOAT32, 4, 5);
    View b = tensor(DType.FLOAT32, 4, 5);
    View out0 = tensor(DType.FLOAT32, 4, 5);
    View out1 = tensor(DType.FLOAT32, 4, 5);
    device.fused(TWO_OUTPUTS, new View[] {a, b}, new View[] {out0, out1});
    device.fused(TWO_OUTPUTS, new View[] {a, broadcast(tensor(DType.FLOAT32, 5), 4, 5)}, new View[] {out0, out1});
    device.fused(TWO_OUTPUTS, new View[] {a, immediate(DType.FLOAT32, 2, 4, 5)}, new View[] {out0, out1});
    assertEquals(3, driver.launched.size(), driver.launched.toString());
    assertTrue(driver.launched.get(0).startsWith("fused_") && driver.launched.get(0).endsWith("_dense"), driver.launched.toString());
    assertTrue(driver.launched.get(1).endsWith("_strided"), "a broadcast input takes the strided kernel");
    assertEquals(driver.launched.get(0), driver.launched.get(0).replace("_dense", "") + "_dense");
    assertEquals(2, device.fusedCompiles()[0], "one unit per input kinds (tt, ts): " + driver.compiled);
    FusedProgram same = new FusedProgram(DType.FLOAT32, 2, TWO_OUTPUTS.ops(), TWO_OUTPUTS.outputs());
    device.fused(same, new View[] {a, b}, new View[] {out0, out1});
    assertEquals(2, device.fusedCompiles()[0], "an equal program traced again compiles nothing");
    assertEquals(0, device.stats().hostToDeviceBytes());
  }

  @Test
  void reductionsAreOneLaunchForManyOutputsAndATreeForLongBlocks() {
    View x = tensor(DType.FLOAT32, 300, 10);
    device.fused(sum(DType.FLOAT32, 1), new View[] {x}, new View[] {tensor(DType.FLOAT32, 300)});
    View long1 = tensor(DType.FLOAT32, 2, 100_000);
    device.fused(sum(DType.FLOAT32, 1), new View[] {long1}, new View[] {tensor(DType.FLOAT32, 2)});
    assertEquals(3, driver.launched.size(), driver.launched.toString());
    assertTrue(driver.launched.get(0).endsWith("_each"), driver.launched.toString());
    assertTrue(driver.launched.get(1).endsWith("_partial") && driver.launched.get(2).endsWith("_final"), driver.launched.toString());
  }

  @Test
  void withoutACompilerTheInterpreterRunsEveryForm() {
    FakeDriver noCompiler = new FakeDriver(true, 1L << 30, 1L << 30);
    noCompiler.noCompiler = "none here";
    DriverBackend d = new DriverBackend(noCompiler);
    View a = View.contiguous(d.allocate(DType.FLOAT64, 20), new long[] {4, 5});
    View out = View.contiguous(d.allocate(DType.FLOAT64, 20), new long[] {4, 5});
    FusedProgram p = new FusedProgram(DType.FLOAT64, 1, List.of(new FusedProgram.Unary(UnaryOp.TANH, 0)), new int[] {1});
    d.fused(p, new View[] {a}, new View[] {out});
    d.fused(sum(DType.FLOAT64, 1), new View[] {a}, new View[] {View.contiguous(d.allocate(DType.FLOAT64, 4), new long[] {4})});
    View big = View.contiguous(d.allocate(DType.FLOAT64, 200_000), new long[] {200_000});
    d.fused(sum(DType.FLOAT64, 0), new View[] {big}, new View[] {View.contiguous(d.allocate(DType.FLOAT64, 1), new long[0])});
    assertEquals(List.of("fused_interp_f64_map", "fused_interp_f64_each", "fused_interp_f64_partial", "fused_interp_f64_final"),
        noCompiler.launched);
    assertEquals(List.of("fused_f64"), noCompiler.compiled, "only the interpreter's program was compiled");
    assertEquals(0, d.fusedCompiles()[0]);
    assertEquals(3, d.fusedRuns()[1], "three programs ran on the interpreter");
  }

  @Test
  void aProgramNoFusedKernelHoldsRunsOpByOp() {
    device.selectFusedPath(FusedPath.Kind.INTERPRETER);
    int inputs = 12;
    List<FusedProgram.Op> ops = new ArrayList<>();
    int acc = 0;
    for (int i = 1; i < inputs; i++) {
      ops.add(new FusedProgram.Binary(BinaryOp.ADD, acc, i));
      acc = inputs + ops.size() - 1;
    }
    FusedProgram p = new FusedProgram(DType.FLOAT32, inputs, ops, new int[] {acc});
    View[] in = new View[inputs];
    for (int i = 0; i < inputs; i++) {
      in[i] = tensor(DType.FLOAT32, 8);
    }
    device.fused(p, in, new View[] {tensor(DType.FLOAT32, 8)});
    assertEquals(1, device.fusedRuns()[2], "13 tensor operands exceed the interpreter's 8 slots");
    assertTrue(driver.launched.stream().allMatch(k -> k.startsWith("binary_add_f32") || k.startsWith("copy_f32")),
        driver.launched.toString());
  }

  @Test
  void everyOperandIsCheckedBeforeAnythingIsQueued() {
    View a = tensor(DType.FLOAT32, 4, 5);
    View b = tensor(DType.FLOAT32, 4, 5);
    View out = tensor(DType.FLOAT32, 4, 5);
    View other = tensor(DType.FLOAT32, 4, 5);
    View[] in = {a, b};
    expect("expected float32 of shape [4, 5]", in, new View[] {out, tensor(DType.FLOAT32, 4, 6)});
    expect("expected float32", in, new View[] {out, tensor(DType.FLOAT64, 4, 5)});
    expect("input 1 is float32 of shape [5]", new View[] {a, tensor(DType.FLOAT32, 5)}, new View[] {out, other});
    expect("takes 2 inputs and 2 outputs", in, new View[] {out});
    expect("outputs 0 and 1 overlap", in, new View[] {out, out});
    expect("repeats elements", in, new View[] {out, broadcast(tensor(DType.FLOAT32, 5), 4, 5)});
    View shifted = new View(a.buffer(), new long[] {4, 4}, new long[] {5, 1}, 1);
    View narrowIn = new View(a.buffer(), new long[] {4, 4}, new long[] {5, 1}, 0);
    expect("partially overlaps input 0", new View[] {narrowIn, immediate(DType.FLOAT32, 1, 4, 4)},
        new View[] {shifted, View.contiguous(device.allocate(DType.FLOAT32, 16), new long[] {4, 4})});
    DriverBackend elsewhere = new DriverBackend(new FakeDriver(true, 1L << 30, 1L << 30));
    View foreign = View.contiguous(elsewhere.allocate(DType.FLOAT32, 20), new long[] {4, 5});
    expect("not a buffer of fake:0", in, new View[] {out, foreign});
    expect("outside", in, new View[] {out, new View(other.buffer(), new long[] {4, 5}, new long[] {5, 1}, other.buffer().capacity() - 5)});
    assertTrue(driver.launched.isEmpty(), "nothing was launched: " + driver.launched);
    device.fused(TWO_OUTPUTS, new View[] {a, b}, new View[] {a, out});
    assertEquals(1, driver.launched.size(), "an output may be the very same view as an input");
  }

  private void expect(String fragment, View[] in, View[] out) {
    long allocated = device.stats().allocatedBytes();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> device.fused(TWO_OUTPUTS, in, out));
    assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    assertEquals(allocated, device.stats().allocatedBytes(), "a refused program allocated nothing");
  }
}
