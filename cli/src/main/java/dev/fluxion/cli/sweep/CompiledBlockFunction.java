package dev.fluxion.cli.sweep;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Jit;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import java.util.List;

/**
 * The formula and its gradient as plain eager code — a forward pass and its {@code vjpN} — compiled
 * by {@link Autodiff#jitN}: the first block traces it, every later block replays the plan (its
 * elementwise chains fused into one program, intermediates in buffers of the plan). The
 * coordinates are written into the same input tensors every time, so every block has the traced
 * signature (a last partial block computes the whole capacity and keeps the first points).
 */
final class CompiledBlockFunction implements BlockFunction {
  private final Jit jit;
  private final Tensor[] inputs;
  private final BlockTransfer transfer;

  CompiledBlockFunction(SweepSpec spec, Device device, int capacity) {
    Formula formula = spec.parsedFormula();
    List<String> names = spec.variables();
    int dims = names.size();
    jit = Autodiff.jitN(xs -> {
      Autodiff.VjpN r = Autodiff.vjpN(v -> formula.evaluate(new TensorAlgebra(names, v)).broadcastTo(capacity), xs);
      Tensor[] partials = r.pullback().apply(Tensor.onesLike(r.value()));
      Tensor[] out = new Tensor[dims + 1];
      out[0] = r.value();
      for (int k = 0; k < dims; k++) {
        out[k + 1] = partials[k] != null ? partials[k].broadcastTo(capacity) : Tensor.zerosLike(r.value());
      }
      return out;
    });
    DType dtype = spec.dtype();
    inputs = new Tensor[dims];
    try {
      for (int k = 0; k < dims; k++) {
        inputs[k] = Tensor.zeros(dtype, device, capacity).add(1.0).detach();
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

  /** The replay's outputs stay open until the block is finished: the copies read them meanwhile. */
  @Override
  public Started start(Block block) {
    transfer.writeCoordinates(block, inputs);
    Tensor[] out;
    try (Scope scope = Tensor.scope()) {
      out = jit.apply(inputs);
      scope.keep(out);
    }
    Started reads;
    try {
      reads = transfer.readAll(out, block);
    } catch (RuntimeException | Error e) {
      closeAll(out);
      throw e;
    }
    return () -> {
      try {
        reads.finish();
      } finally {
        closeAll(out);
      }
    };
  }

  private static void closeAll(Tensor[] ts) {
    for (Tensor t : ts) {
      t.close();
    }
  }

  @Override
  public void close() {
    jit.clear();
    for (Tensor t : inputs) {
      if (t != null) {
        t.close();
      }
    }
  }
}
