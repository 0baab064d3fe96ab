package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.Autodiff;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Property tests (jqwik) over random programs — random compositions of primitives applied to a
 * tensor of random shape: {@code jacfwd == jacrev}, the Hessian of a scalar program is
 * symmetric, and {@code vmap(f)(X)} equals stacking {@code f(X[i])} for random batch sizes and
 * axes. jqwik does not run JUnit's {@code @BeforeEach}, so the suite's device is made the
 * default in jqwik's own property lifecycle (and a suite whose device is missing is skipped by
 * {@link SkipWithoutTheDevice}, saying why).
 */
@AddLifecycleHook(SkipWithoutTheDevice.class)
public abstract class TransformPropertyTests extends DeviceTest {
  private static final int TRIES = 60;
  private static final int OPS = 30;
  private Device previousDefault;
  private Device setForThisProperty;

  @BeforeProperty
  void useTheSuitesDevice() {
    previousDefault = Device.defaultDevice();
    Device.setDefault(device());
    setForThisProperty = device();
  }

  /** Fails if jqwik's lifecycle did not make the suite's device the default. */
  private void checkDevice(Tensor x) {
    assertEquals(device(), setForThisProperty, "the @BeforeProperty hook ran");
    assertEquals(device(), x.device(), "inputs are on the suite's device");
  }

  @AfterProperty
  void restoreTheDefaultDevice() {
    Device.setDefault(previousDefault);
  }

  /**
   * A program: op codes applied in turn to a running value {@code y} that starts as the input
   * {@code x}. Ops that do not fit y's shape (a transpose of a vector, a growing concat) are
   * skipped, so every list of codes is a valid program. Constants are drawn from {@code seed}.
   */
  static Function<Tensor, Tensor> program(List<Integer> ops, long seed) {
    return x -> {
      Random r = new Random(seed);
      Tensor y = x;
      for (int op : ops) {
        y = step(op, y, x, r);
      }
      return y;
    };
  }

  private static Tensor step(int op, Tensor y, Tensor x, Random r) {
    int rank = y.ndim();
    long[] s = y.shape();
    switch (op) {
      case 0: return y.sin();
      case 1: return y.tanh();
      case 2: return y.mul(0.3).exp();
      case 3: return y.square().log1p();
      case 4: return y.mul(y).add(1.0).sqrt();
      case 5: return y.sigmoid().mul(2.0 + r.nextInt(3));
      case 6: return y.atan().add(r.nextDouble() - 0.5);
      case 7: return y.erf().sub(y.cos());
      case 8: return java.util.Arrays.equals(s, x.shape()) ? y.mul(x) : y.mul(y);
      case 9: return java.util.Arrays.equals(s, x.shape()) ? y.add(x.square()).div(x.square().add(1.0)) : y.div(y.square().add(1.0));
      case 10: return rank == 0 ? y : y.sum(true, r.nextInt(rank));
      case 11: return rank == 0 ? y : y.sum(r.nextInt(rank));
      case 12: return rank < 2 ? y.expandDims(0) : y.T();
      case 13: return y.reshape(-1);
      case 14: {
        if (rank == 0) {
          return y.mul(Tensor.constant(r.nextGaussian()));
        }
        long k = 1 + r.nextInt(3);
        Tensor w = Tensor.randn(Rng.of(r.nextLong()), s[rank - 1], k).detach();
        return y.matmul(w);
      }
      case 15: {
        if (rank == 0) {
          return y;
        }
        int a = r.nextInt(rank);
        return s[a] < 2 ? y.flip(a) : y.slice(a, r.nextInt(2), s[a], 1 + r.nextInt(2));
      }
      case 16: return rank == 0 || y.size() > 24 ? y.cos() : Tensor.concat(r.nextInt(rank), y, y.sin());
      case 17: return Tensor.where(y.gt(0.1), y, y.mul(0.5));
      case 18: return rank == 0 ? y.exp() : y.softmax(rank - 1);
      case 19: {
        Tensor c = Tensor.randn(Rng.of(r.nextLong()), s).detach();
        return y.mul(c).add(c.square());
      }
      case 20: {
        long[] lo = new long[rank];
        long[] hi = new long[rank];
        for (int d = 0; d < rank; d++) {
          lo[d] = r.nextInt(2);
          hi[d] = r.nextInt(2);
        }
        return y.pad(lo, hi, r.nextDouble());
      }
      case 21: return rank == 0 ? y.maximum(0.25) : y.max(r.nextBoolean(), r.nextInt(rank));
      case 22: return y.square().add(1.0).pow(0.5 + r.nextDouble());
      case 23: return y.minimum(Tensor.randn(Rng.of(r.nextLong()), s).detach()).add(y.maximum(0.1));
      case 24: return y.atan2(y.square().add(1.0));
      case 25: {
        long[] b = new long[rank + 1];
        b[0] = 2;
        System.arraycopy(s, 0, b, 1, rank);
        return y.expandDims(0).broadcastTo(b).mul(Tensor.of(1.0, -0.5).reshape(withOnes(2, rank)));
      }
      case 26: return y.size() > 24 ? y.sinh() : Tensor.stack(r.nextInt(rank + 1), y, y.exp().mul(0.1));
      case 27: return rank == 0 ? y.cosh() : y.get(r.nextInt((int) s[0]) - (r.nextBoolean() ? s[0] : 0));
      case 28: return y.abs().add(0.1).log();
      case 29: {
        if (rank != 3) {
          return y.mul(y.sum()).div(y.size() + 1.0);
        }
        return y.transpose(2, 0, 1);
      }
      default: throw new IllegalArgumentException("op " + op);
    }
  }

  /** {@code {n, 1, 1, ...}} with {@code ones} ones: broadcasts along the leading axis. */
  private static long[] withOnes(long n, int ones) {
    long[] s = new long[ones + 1];
    java.util.Arrays.fill(s, 1);
    s[0] = n;
    return s;
  }

  private static Tensor point(List<Integer> shape, long seed) {
    long[] s = shape.stream().mapToLong(Integer::longValue).toArray();
    return Tensor.randn(Rng.of(seed), s).mul(0.8).detach();
  }

  /**
   * Same shape and values. A try whose expected values overflowed (a long chain of exp and
   * products can reach ±Inf and then NaN) is discarded rather than compared, so that no
   * comparison passes merely because NaN matches NaN; jqwik reports the discards.
   */
  private static void assertSameTensor(Tensor expected, Tensor actual, double tol, String what) {
    assertShape(expected.shape(), actual, what);
    double scale = 1;
    for (double v : expected.toDoubleArray()) {
      Assume.that(Double.isFinite(v));
      scale = Math.max(scale, Math.abs(v));
    }
    assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tol, tol * scale, what);
  }

  @Property(tries = TRIES)
  void jacfwdEqualsJacrev(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll long seed) {
    Function<Tensor, Tensor> f = program(ops, seed);
    Tensor x = point(shape, seed ^ 0x5DEECE66DL);
    checkDevice(x);
    Tensor fwd = Autodiff.jacfwd(f).apply(x);
    Tensor rev = Autodiff.jacrev(f).apply(x);
    long[] out = Autodiff.noGrad(() -> f.apply(x)).shape();
    assertShape(Loops.concat(out, x.shape()), fwd, "jacfwd shape");
    assertSameTensor(fwd, rev, 1e-12, "jacfwd vs jacrev of program " + ops + " at shape " + shape);
  }

  @Property(tries = TRIES)
  void hessianOfAScalarProgramIsSymmetric(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(max = 2) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll long seed) {
    Function<Tensor, Tensor> f = program(ops, seed).andThen(t -> t.sum());
    Tensor x = point(shape, seed ^ 0x5DEECE66DL);
    checkDevice(x);
    Tensor h = Autodiff.hessian(f).apply(x);
    long n = x.size();
    assertShape(Loops.concat(x.shape(), x.shape()), h, "hessian shape");
    Tensor square = h.reshape(n, n);
    assertSameTensor(square, square.T(), 1e-11, "Hᵀ vs H of program " + ops + " at shape " + shape);
    Tensor other = Autodiff.jacrev(Autodiff.jacfwd(f)).apply(x).reshape(n, n);
    assertSameTensor(square, other, 1e-11, "jacfwd(jacrev) vs jacrev(jacfwd) of program " + ops);
  }

  @Property(tries = TRIES)
  void vmapEqualsStackingTheResults(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(max = 2) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 0, max = 2) int inAxisChoice,
      @ForAll @IntRange(min = 0, max = 2) int outAxisChoice,
      @ForAll long seed) {
    Function<Tensor, Tensor> f = program(ops, seed);
    int inAxis = inAxisChoice % (shape.size() + 1);
    List<Integer> batched = new java.util.ArrayList<>(shape);
    batched.add(inAxis, batch);
    Tensor xs = point(batched, seed ^ 0x5DEECE66DL);
    checkDevice(xs);
    Tensor one = xs.moveAxis(inAxis, 0).get(0);
    int outRank = Autodiff.noGrad(() -> f.apply(one)).ndim();
    int outAxis = outAxisChoice % (outRank + 1);
    Tensor expected = Loops.map(f, xs, inAxis, outAxis);
    Tensor actual = Autodiff.vmap(f, inAxis, outAxis).apply(xs);
    assertSameTensor(expected, actual, 1e-12, "vmap(program " + ops + ", " + inAxis + ", " + outAxis + ") over " + batched);
  }

  @Property(tries = TRIES / 2)
  void vmapOfGradEqualsStackingTheGradients(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(max = 2) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    Function<Tensor, Tensor> g = Autodiff.grad(program(ops, seed).andThen(t -> t.sum()));
    List<Integer> batched = new java.util.ArrayList<>(shape);
    batched.add(0, batch);
    Tensor xs = point(batched, seed);
    checkDevice(xs);
    assertSameTensor(Loops.map(g, xs, 0, 0), Autodiff.vmap(g).apply(xs), 1e-12, "vmap(grad(program " + ops + "))");
  }

  @Property(tries = TRIES / 2)
  void vmapOfJacrevEqualsStackingJacfwd(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(max = 2) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    Function<Tensor, Tensor> f = program(ops, seed);
    List<Integer> batched = new java.util.ArrayList<>(shape);
    batched.add(0, batch);
    Tensor xs = point(batched, seed);
    checkDevice(xs);
    assertSameTensor(Loops.map(Autodiff.jacfwd(f), xs, 0, 0), Autodiff.vmap(Autodiff.jacrev(f)).apply(xs), 1e-12,
        "vmap(jacrev(program " + ops + ")) vs stacked jacfwd");
  }

  /** Three ways to a Hessian-vector product agree with the Hessian times the vector. */
  @Property(tries = TRIES / 2)
  void hessianVectorProductsAgree(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0, max = OPS - 1) Integer> ops,
      @ForAll @Size(min = 1, max = 2) List<@IntRange(min = 1, max = 3) Integer> shape,
      @ForAll long seed) {
    Function<Tensor, Tensor> g = program(ops, seed).andThen(t -> t.sum());
    Tensor x = point(shape, seed);
    Tensor v = point(shape, ~seed);
    checkDevice(x);
    long n = x.size();
    Tensor hv = Autodiff.hessian(g).apply(x).reshape(n, n).matmul(v.reshape(n)).reshape(x.shape());
    Tensor forwardOverReverse = Autodiff.jvp(Autodiff.grad(g), x, v)[1];
    Tensor reverseOverForward = Autodiff.grad((Tensor p) -> Autodiff.jvp(g, p, v)[1]).apply(x);
    Tensor reverseOverReverse = Autodiff.grad((Tensor p) -> Autodiff.grad(g).apply(p).mul(v).sum()).apply(x);
    assertSameTensor(hv, forwardOverReverse, 1e-11, "jvp(grad) of program " + ops);
    assertSameTensor(hv, reverseOverForward, 1e-11, "grad(jvp) of program " + ops);
    assertSameTensor(hv, reverseOverReverse, 1e-11, "grad(grad·v) of program " + ops);
  }
}
