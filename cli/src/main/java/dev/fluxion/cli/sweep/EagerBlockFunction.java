package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import java.util.Arrays;
import java.util.List;

/** The reference evaluator: a forward pass on the tape and {@code backward()}, op by op, per block. */
final class EagerBlockFunction implements BlockFunction {
  private final Formula formula;
  private final List<String> names;
  private final DType dtype;
  private final Device device;

  EagerBlockFunction(SweepSpec spec, Device device) {
    this.formula = spec.parsedFormula();
    this.names = spec.variables();
    this.dtype = spec.dtype();
    this.device = device;
  }

  @Override
  public void apply(Block block) {
    int n = block.count;
    try (Scope scope = Tensor.scope()) {
      Tensor[] xs = new Tensor[names.size()];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = Tensor.from(Arrays.copyOf(block.coords[k], n), dtype, device, false, n);
      }
      Tensor y = formula.evaluate(new TensorAlgebra(names, xs)).broadcastTo(n);
      if (!y.isConstant()) {
        y.backward();
      }
      copy(y, block.values[0], n);
      for (int k = 0; k < xs.length; k++) {
        Tensor g = xs[k].grad();
        if (g == null) {
          Arrays.fill(block.values[k + 1], 0, n, 0.0);
        } else {
          copy(g, block.values[k + 1], n);
        }
      }
    }
  }

  private static void copy(Tensor t, double[] into, int n) {
    System.arraycopy(t.toDoubleArray(), 0, into, 0, n);
  }

  @Override
  public void close() {}
}
