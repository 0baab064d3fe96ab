package dev.fluxion.cli.sweep;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import java.util.List;
import java.util.function.Function;

/**
 * Adds the second derivatives to another evaluator's f and gradient: {@code
 * vmap(hessian(f))} over the block's points (as a [count, k] tensor), the upper triangle of each
 * k×k Hessian in the order d2f_dx2, d2f_dxdy, …, d2f_dy2.
 */
final class HessianBlockFunction implements BlockFunction {
  private final BlockFunction first;
  private final Function<Tensor, Tensor> hessians;
  private final int dims;
  private final DType dtype;
  private final Device device;

  HessianBlockFunction(SweepSpec spec, Device device, BlockFunction first) {
    this.first = first;
    Formula formula = spec.parsedFormula();
    List<String> names = spec.variables();
    this.dims = names.size();
    this.dtype = spec.dtype();
    this.device = device;
    Function<Tensor, Tensor> f = p -> {
      Tensor[] xs = new Tensor[dims];
      for (int k = 0; k < dims; k++) {
        xs[k] = p.get(k);
      }
      return formula.evaluate(new TensorAlgebra(names, xs));
    };
    this.hessians = Autodiff.vmap(Autodiff.hessian(f));
  }

  @Override
  public void apply(Block block) {
    first.apply(block);
    int n = block.count;
    double[] points = new double[n * dims];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dims; k++) {
        points[i * dims + k] = block.coords[k][i];
      }
    }
    try (Scope scope = Tensor.scope()) {
      Tensor p = Tensor.from(points, dtype, device, true, n, dims);
      double[] h = hessians.apply(p).toDoubleArray();
      int m = 1 + dims;
      for (int a = 0; a < dims; a++) {
        for (int b = a; b < dims; b++, m++) {
          double[] out = block.values[m];
          for (int i = 0; i < n; i++) {
            out[i] = h[(i * dims + a) * dims + b];
          }
        }
      }
    }
  }

  @Override
  public void close() {
    first.close();
  }
}
