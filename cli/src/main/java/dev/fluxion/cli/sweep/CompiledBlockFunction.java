package dev.fluxion.cli.sweep;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.HostTransfer;
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
  private final float[] staging;

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
    staging = dtype == DType.FLOAT32 ? new float[capacity] : null;
  }

  @Override
  public void apply(Block block) {
    int n = block.count;
    for (int k = 0; k < inputs.length; k++) {
      if (staging == null) {
        HostTransfer.write(block.coords[k], 0, n, inputs[k]);
      } else {
        double[] c = block.coords[k];
        for (int i = 0; i < n; i++) {
          staging[i] = (float) c[i];
        }
        HostTransfer.write(staging, 0, n, inputs[k]);
      }
    }
    try (Scope scope = Tensor.scope()) {
      Tensor[] out = jit.apply(inputs);
      for (int m = 0; m < out.length; m++) {
        read(out[m], block.values[m], n);
      }
    }
  }

  private void read(Tensor t, double[] into, int n) {
    if (!t.isContiguous()) { // a broadcast constant (a partial that does not depend on the point): a strided view
      System.arraycopy(t.toDoubleArray(), 0, into, 0, n);
    } else if (staging == null) {
      HostTransfer.read(t, into, 0, n);
    } else {
      HostTransfer.read(t, staging, 0, n);
      for (int i = 0; i < n; i++) {
        into[i] = staging[i];
      }
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
