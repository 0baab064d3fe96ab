package dev.fluxion.cli.bench;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.cli.train.Models;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.Sequential;
import java.util.Random;
import java.util.function.Function;

/**
 * The benchmark workloads: an elementwise chain, a reduction, a matrix product, the derivative
 * sweep of {@code fluxion sweep}'s example formula (eager, hand-fused, and compiled by jit), and a
 * training step of the MLP.
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

  /**
   * The same sweep as one {@link Fused} program of {@code Autodiff.vjp}: f and f′ of
   * {@link #formula} at {@code n} points from 1 to 10 in one pass over memory (devices without
   * fused kernels run it op by op). The result is the derivative.
   */
  public static Workload fusedSweep(int n) {
    Fused program = Fused.of("sweep", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(Workloads::formula, t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    return new Simple("fused-sweep", n, (device, dtype) -> new Workload.Body() {
      @Override
      public Tensor run() {
        return program.apply(Tensor.linspace(dtype, device, 1, 10, n).detach())[1];
      }

      @Override
      public void close() {}
    });
  }

  /**
   * The same sweep written as plain eager code — {@link #formula} and its {@code Autodiff.vjp} —
   * compiled by {@link Autodiff#jitN}: the first run traces it, later runs replay the plan (its
   * elementwise chains fused, one program launch per chain). The result is the derivative.
   */
  public static Workload compiledSweep(int n) {
    return new Simple("compiled-sweep", n, (device, dtype) -> {
      dev.fluxion.Jit jit = Autodiff.jitN(t -> {
        Autodiff.Vjp r = Autodiff.vjp(Workloads::formula, t[0]);
        return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
      });
      return new Workload.Body() {
        @Override
        public Tensor run() {
          return jit.apply(new Tensor[] {Tensor.linspace(dtype, device, 1, 10, n).detach()})[1];
        }

        @Override
        public void close() {
          jit.clear();
        }
      };
    });
  }

  /**
   * One training step of the Fashion-MNIST MLP (784-256-128-10, ReLU; {@code fluxion train}'s
   * model) on a fixed random batch of {@code batch} images: forward, softmax cross-entropy,
   * backward and an Adam update (lr 1e-3). The result is the loss.
   */
  public static Workload mlpStep(int batch) {
    return new Simple("mlp-step", batch, (device, dtype) -> {
      Sequential mlp = Models.mlp(SEED, dtype, device);
      Adam adam = new Adam(mlp.parameters(), 1e-3);
      // Not SEED: the first layer's weights are drawn from Rng.of(SEED), and inputs equal to them make
      // the first logits large (an initial loss of 3.1 instead of log 10).
      Tensor x = uniform(dtype, device, SEED + 100, batch, 784);
      long[] labels = new long[batch];
      Random random = new Random(SEED);
      for (int i = 0; i < batch; i++) {
        labels[i] = random.nextInt(10);
      }
      Tensor y = Tensor.from(labels, batch).to(device);
      return new Workload.Body() {
        @Override
        public Tensor run() {
          adam.zeroGrad();
          Tensor loss = Losses.crossEntropy(mlp.forward(x), y);
          loss.backward();
          adam.step();
          return loss;
        }

        @Override
        public void close() {
          x.close();
          y.close();
          mlp.parameters().forEach(Tensor::close);
        }
      };
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
