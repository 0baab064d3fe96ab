package dev.fluxion.cli.bench;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.function.Function;

/**
 * The benchmark workloads: an elementwise chain, a reduction, a matrix product and the
 * derivative sweep of {@code fluxion sweep}'s example formula.
 */
public final class Workloads {
  private static final long SEED = 20240611L;

  private Workloads() {}

  /**
   * {@code log(1 + a·tanh(a·b + c))} over {@code n} points: six elementwise kernels over three
   * inputs uniform in [0, 1), forward only.
   */
  public static Workload elementwise(long n) {
    return new Simple("elementwise", n, (device, dtype) -> new Inputs(
        in -> in[0].mul(in[1]).add(in[2]).tanh().mul(in[0]).add(1.0).log(),
        uniform(dtype, device, SEED, n), uniform(dtype, device, SEED + 1, n), uniform(dtype, device, SEED + 2, n)));
  }

  /** The sum of {@code n} standard normal values (a 0-d result). */
  public static Workload reduction(long n) {
    return new Simple("reduction", n, (device, dtype) -> new Inputs(in -> in[0].sum(), normal(dtype, device, SEED, n)));
  }

  /** The product of two {@code n×n} standard normal matrices, forward only. */
  public static Workload matmul(int n) {
    return new Simple("matmul", n, (device, dtype) -> new Inputs(
        in -> in[0].matmul(in[1]), normal(dtype, device, SEED, n, n), normal(dtype, device, SEED + 1, n, n)));
  }

  /**
   * The derivative sweep of {@link #formula} at {@code n} points from 1 to 10: the points are
   * made on the device ({@code linspace}), then one forward and one backward pass; the result is
   * the derivative. This is what {@code fluxion sweep} does before printing.
   */
  public static Workload sweep(int n) {
    return new Simple("sweep", n, (device, dtype) -> new Workload.Body() {
      @Override
      public Tensor run() {
        Tensor x = Tensor.linspace(dtype, device, 1, 10, n);
        formula(x).backward();
        return x.grad();
      }

      @Override
      public void close() {}
    });
  }

  /** exp(atan(82x³ + log x)) · sqrt(25x^(1/22930) + 39e^(2/x) − sin x). */
  public static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    Tensor root = x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt();
    return inner.mul(root);
  }

  private static Tensor uniform(DType dtype, Device device, long seed, long... shape) {
    return constant(Tensor.rand(Rng.of(seed), dtype, device, shape));
  }

  private static Tensor normal(DType dtype, Device device, long seed, long... shape) {
    return constant(Tensor.randn(Rng.of(seed), dtype, device, shape));
  }

  /** The values of {@code variable} as a constant (no tape), freeing the variable. */
  private static Tensor constant(Tensor variable) {
    Tensor c = variable.detach();
    variable.close();
    return c;
  }

  private interface Preparer {
    Workload.Body prepare(Device device, DType dtype);
  }

  private record Simple(String name, long size, Preparer preparer) implements Workload {
    @Override
    public Body prepare(Device device, DType dtype) {
      return preparer.prepare(device, dtype);
    }
  }

  /** A function of constant inputs that the body frees when closed. */
  private record Inputs(Function<Tensor[], Tensor> f, Tensor... inputs) implements Workload.Body {
    @Override
    public Tensor run() {
      return f.apply(inputs);
    }

    @Override
    public void close() {
      for (Tensor t : inputs) {
        t.close();
      }
    }
  }
}
