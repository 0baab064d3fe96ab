package dev.fluxion.cli.sweep;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import java.util.List;

/**
 * f and its gradient in one {@link Fused} pass per block, written into one of two sets of output
 * tensors ({@code Fused.assign}), alternately, so that a block computes while the previous one's
 * results are still being copied; the coordinates are written into the same input tensors.
 */
final class FusedBlockFunction implements BlockFunction {
  private final Fused program;
  private final Tensor[] inputs;
  /** Two sets of outputs, used by alternate blocks. */
  private final Tensor[][] outputs;
  private int nextSet;
  private final BlockTransfer transfer;

  FusedBlockFunction(SweepSpec spec, Device device, int capacity) {
    Formula formula = spec.parsedFormula();
    List<String> names = spec.variables();
    int dims = names.size();
    program = Fused.of("sweep", dims, t -> {
      Autodiff.VjpN r = Autodiff.vjpN(xs -> formula.evaluate(new TensorAlgebra(names, xs)), t);
      // The seed is computed from an input (x·0 + 1 = 1 exactly: coordinates are finite), so that
      // the pullback's terms stay in the traced program even where they do not depend on the point
      // (the 3 of 3x); a constant seed would make them computed constants, which a program cannot use.
      Tensor value = r.value();
      Tensor seed = value.ndim() == 0 ? Tensor.onesLike(value) : t[0].mul(0.0).add(1.0).broadcastTo(value.shape());
      Tensor[] partials = r.pullback().apply(seed);
      Tensor[] out = new Tensor[dims + 1];
      out[0] = r.value();
      System.arraycopy(partials, 0, out, 1, dims);
      return out;
    });
    DType dtype = spec.dtype();
    inputs = new Tensor[dims];
    outputs = new Tensor[2][dims + 1];
    try {
      for (int k = 0; k < dims; k++) {
        inputs[k] = Tensor.zeros(dtype, device, capacity).detach();
      }
      for (Tensor[] set : outputs) {
        for (int m = 0; m < set.length; m++) {
          set[m] = Tensor.zeros(dtype, device, capacity).detach();
        }
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    transfer = new BlockTransfer(dtype, capacity);
  }

  @Override
  public void apply(Block block) {
    start(block).finish();
  }

  @Override
  public Started start(Block block) {
    Tensor[] set = outputs[nextSet];
    nextSet = 1 - nextSet;
    transfer.writeCoordinates(block, inputs);
    program.assign(set, inputs);
    return transfer.readAll(set, block);
  }

  @Override
  public void close() {
    for (Tensor[] ts : new Tensor[][] {inputs, outputs[0], outputs[1]}) {
      for (Tensor t : ts) {
        if (t != null) {
          t.close();
        }
      }
    }
  }
}
