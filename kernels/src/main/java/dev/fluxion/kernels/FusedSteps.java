package dev.fluxion.kernels;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.List;

/**
 * A fused program run instruction by instruction with the map and reduce kernels, each value
 * in a full-size temporary: what the device does for a program that no fused kernel can hold
 * (more axes, operands or registers than the layouts carry). Slower, never refused. Outputs are
 * written last, after every input has been read, so in-place outputs stay correct.
 */
final class FusedSteps {
  private final DriverBackend device;
  private final MapLaunches maps;
  private final ReduceLaunches reductions;

  FusedSteps(DriverBackend device, MapLaunches maps, ReduceLaunches reductions) {
    this.device = device;
    this.maps = maps;
    this.reductions = reductions;
  }

  void run(FusedProgram p, View[] inputs, View[] outputs) {
    DType t = p.dtype();
    long[] shape = inputs[0].shape();
    View[] reg = new View[p.registers()];
    System.arraycopy(inputs, 0, reg, 0, inputs.length);
    List<Buffer> temps = new ArrayList<>();
    try {
      View zero = immediate(t, 0, shape);
      for (int i = 0; i < p.ops().size(); i++) {
        FusedProgram.Op op = p.ops().get(i);
        View out;
        if (op instanceof FusedProgram.Const c) {
          out = immediate(t, c.value(), shape);
        } else if (op instanceof FusedProgram.Unary u) {
          out = temp(temps, t, shape);
          maps.unary(u.op(), reg[u.x()], out);
        } else if (op instanceof FusedProgram.Binary b && !b.op().isComparison()) {
          out = temp(temps, t, shape);
          maps.binary(b.op(), reg[b.a()], reg[b.b()], out);
        } else if (op instanceof FusedProgram.Binary b) {
          out = asValue(temps, t, shape, b.op(), reg[b.a()], reg[b.b()]);
        } else if (op instanceof FusedProgram.Where w) {
          View cond = temp(temps, DType.BOOL, shape);
          maps.binary(BinaryOp.NE, reg[w.cond()], zero, cond);
          out = temp(temps, t, shape);
          maps.where(cond, reg[w.a()], reg[w.b()], out);
        } else {
          out = asValue(temps, t, shape, BinaryOp.NE, reg[((FusedProgram.NonZero) op).x()], zero);
        }
        reg[p.inputs() + i] = out;
      }
      View[] results = new View[outputs.length];
      for (int j = 0; j < outputs.length; j++) {
        results[j] = reg[p.outputs()[j]];
        if (p.outputs()[j] < p.inputs() && !results[j].isImmediate()) { // an input passed through: copy before any write
          View copy = temp(temps, t, shape);
          maps.copy(results[j], copy);
          results[j] = copy;
        }
      }
      for (int j = 0; j < outputs.length; j++) {
        if (p.reduction() == null) {
          maps.copy(results[j], outputs[j]);
        } else {
          View value = results[j].isImmediate() ? materialised(temps, results[j]) : results[j];
          reductions.reduce(p.reduction().ops()[j], value, p.reduction().axes(), outputs[j]);
        }
      }
    } finally {
      for (Buffer b : temps) {
        device.release(b);
      }
    }
  }

  /** A comparison's BOOL result cast back to the program's type (1 or 0). */
  private View asValue(List<Buffer> temps, DType t, long[] shape, BinaryOp op, View a, View b) {
    View bools = temp(temps, DType.BOOL, shape);
    maps.binary(op, a, b, bools);
    View out = temp(temps, t, shape);
    maps.copy(bools, out);
    return out;
  }

  private View materialised(List<Buffer> temps, View immediate) {
    View out = temp(temps, immediate.dtype(), immediate.shape());
    maps.copy(immediate, out);
    return out;
  }

  private View temp(List<Buffer> temps, DType t, long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    Buffer b = device.allocate(t, n);
    temps.add(b);
    return View.contiguous(b, shape);
  }

  private static View immediate(DType t, double value, long[] shape) {
    return new View(new ImmediateBuffer(t, value), shape, new long[shape.length], 0);
  }
}
