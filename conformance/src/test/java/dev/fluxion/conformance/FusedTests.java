package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.GradCheck;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fused elementwise programs: the same values as the body run op by op, derivatives and
 * batching through the derived rules, in-place updates, and clear errors for bodies that are
 * not elementwise.
 */
abstract class FusedTests extends DeviceTest {
  private static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    return inner.mul(x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt());
  }

  /** The sweep: a function and its derivative in one program. */
  static final Fused SWEEP = Fused.of("sweep", 1, t -> {
    Autodiff.Vjp r = Autodiff.vjp(FusedTests::formula, t[0]);
    return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
  });

  private static final Fused MIX = Fused.of("mix", 3, t -> new Tensor[] {
      Tensor.where(t[0].gt(t[1]), t[0].sub(t[1]).tanh(), t[1].mul(t[2]).sigmoid()).add(t[2].square()),
      t[0].maximum(t[2]).div(t[1].abs().add(1.0))});

  private static Tensor[] mixByOps(Tensor a, Tensor b, Tensor c) {
    return new Tensor[] {
      Tensor.where(a.gt(b), a.sub(b).tanh(), b.mul(c).sigmoid()).add(c.square()),
      a.maximum(c).div(b.abs().add(1.0))};
  }

  private static Tensor random(long seed, DType dtype, long... shape) {
    return Tensor.randn(Rng.of(seed), dtype, Tensor.zeros(1).device(), shape).detach();
  }

  @Test
  void theSweepProgramGivesTheFunctionAndItsDerivative() {
    Tensor x = Tensor.arange(1, 11).detach();
    Tensor[] r = SWEEP.apply(x);
    Tensor y = formula(Tensor.arange(1, 11));
    assertClose(y.toDoubleArray(), r[0].toDoubleArray(), 1e-13, 0, "f");
    assertClose(new double[] {-7.44764313e+01, -1.09475963e+01, -3.78281290e+00, -1.86451297e+00, -1.29207692e+00,
        -1.07197583e+00, -7.90459238e-01, -3.96212428e-01, -8.16203127e-02, -3.17648949e-02},
        r[1].toDoubleArray(), 1e-8, 0, "f'");
  }

  @Test
  void valuesEqualTheBodyRunOpByOp() {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor a = random(1, dtype, 5, 7);
      Tensor b = random(2, dtype, 7);
      Tensor c = random(3, dtype, 5, 1);
      Tensor[] fused = MIX.apply(a, b, c);
      Tensor[] ops = mixByOps(a, b, c);
      double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-14;
      for (int i = 0; i < 2; i++) {
        assertEquals(java.util.Arrays.toString(new long[] {5, 7}), java.util.Arrays.toString(fused[i].shape()));
        assertEquals(dtype, fused[i].dtype());
        assertClose(ops[i].toDoubleArray(), fused[i].toDoubleArray(), tol, tol, dtype + " output " + i);
      }
    }
  }

  @Test
  void gradientsFlowThroughTheDerivedRules() {
    Tensor a = random(4, DType.FLOAT64, 3, 4);
    Tensor b = random(5, DType.FLOAT64, 4).add(3.0);
    Tensor c = random(6, DType.FLOAT64, 3, 1);
    Function<Tensor[], Tensor> viaFused = t -> MIX.apply(t[0], t[1], t[2])[0].mul(MIX.apply(t[0], t[1], t[2])[1]);
    GradCheck.Report vjp = GradCheck.defaults().vjpN(viaFused, a, b, c);
    assertTrue(vjp.passed(), vjp.toString());
    GradCheck.Report jvp = GradCheck.defaults().jvpN(viaFused, a, b, c);
    assertTrue(jvp.passed(), jvp.toString());
    Tensor x = Tensor.of(0.7, 1.3, 2.9);
    SWEEP.apply(x)[0].sum().backward();
    Tensor expected = SWEEP.apply(Tensor.of(0.7, 1.3, 2.9).detach())[1];
    assertClose(expected.toDoubleArray(), x.grad().toDoubleArray(), 1e-12, 0, "backward through a fused sweep");
  }

  @Test
  void vmapBatchesAFusedProgram() {
    Tensor a = random(7, DType.FLOAT64, 4, 6);
    Tensor b = random(8, DType.FLOAT64, 6);
    Tensor c = random(9, DType.FLOAT64, 1);
    Tensor batched = Autodiff.vmap(x -> MIX.apply(x, b, c)[0]).apply(a);
    for (int i = 0; i < 4; i++) {
      assertClose(mixByOps(a.get(i), b, c)[0].toDoubleArray(), batched.get(i).toDoubleArray(), 1e-14, 1e-14, "row " + i);
    }
  }

  @Test
  void assignWritesResultsInPlaceInOnePass() {
    Tensor p = Tensor.of(1.0, 2.0, 3.0);
    Tensor b = Tensor.of(0.5, 0.5, 0.5);
    Tensor g = Tensor.constant(0.1, 0.2, 0.3);
    Fused momentum = Fused.of("momentum", 4, t -> {
      Tensor nb = t[1].mul(0.9).add(t[2]);
      return new Tensor[] {t[0].sub(t[3].mul(nb)), nb};
    });
    try (Scope scope = Tensor.scope()) {
      device().resetStats();
      momentum.assign(new Tensor[] {p, b}, p, b, g, Tensor.scalar(0.1, DType.FLOAT64, device()));
    }
    assertClose(new double[] {0.55, 0.65, 0.75}, b.toDoubleArray(), 1e-15, 1e-15, "momentum buffer");
    assertClose(new double[] {1 - 0.1 * 0.55, 2 - 0.1 * 0.65, 3 - 0.1 * 0.75}, p.toDoubleArray(), 1e-15, 1e-15, "parameter");
  }

  @Test
  void aBodyThatIsNotElementwiseIsRefused() {
    Fused bad = Fused.of("multiplies", 1, t -> new Tensor[] {t[0].matmul(t[0])});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.apply(Tensor.of(1.0, 2.0)));
    assertTrue(e.getMessage().contains("multiplies") && e.getMessage().contains("matmul"), e.getMessage());
    Fused reusesASum = Fused.of("mean", 1, t -> new Tensor[] {t[0].sum().div(2.0)});
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> reusesASum.apply(Tensor.of(1.0, 2.0)));
    assertTrue(r.getMessage().contains("mean") && r.getMessage().contains("last operation"), r.getMessage());
    Fused mixed = Fused.of("mixed", 1, t -> new Tensor[] {t[0].sum(), t[0].exp()});
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> mixed.apply(Tensor.of(1.0, 2.0)));
    assertTrue(x.getMessage().contains("all elementwise or all reduced"), x.getMessage());
    Tensor captured = Tensor.of(1.0, 2.0);
    Fused capturing = Fused.of("captures", 1, t -> new Tensor[] {t[0].add(captured)});
    IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> capturing.apply(Tensor.of(3.0, 4.0)));
    assertTrue(c.getMessage().contains("not one of its inputs"), c.getMessage());
  }

  @Test
  void inputsMustShareADtypeAndTheArity() {
    Fused add = Fused.of("add", 2, t -> new Tensor[] {t[0].add(t[1])});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> add.apply(Tensor.of(1.0), Tensor.of(1.0f)));
    assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> add.apply(Tensor.of(1.0)));
    assertThrows(IllegalArgumentException.class, () -> add.apply(Tensor.of(1, 2), Tensor.of(1, 2)));
  }

  @Test
  void randomProgramsAgreeWithTheirBodies() {
    Random r = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      long seed = r.nextLong();
      Fused f = Fused.of("random" + trial, 2, t -> new Tensor[] {RandomChain.apply(seed, t[0], t[1])});
      Tensor a = random(seed, DType.FLOAT64, 3, 5).abs().add(0.5);
      Tensor b = random(seed + 1, DType.FLOAT64, 5).abs().add(0.5);
      assertClose(RandomChain.apply(seed, a, b).toDoubleArray(), f.apply(a, b)[0].toDoubleArray(), 1e-12, 1e-12,
          "trial " + trial);
    }
  }

  /** Values from java.util.Random (normal), as a constant of the given dtype on the test's device. */
  private static Tensor data(Random r, DType dtype, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.from(v, shape).to(dtype).detach();
  }

  private static final Fused SQUARED_ERROR = Fused.of("squared error", 2,
      t -> new Tensor[] {t[0].sin().sub(t[1]).square().sum()});

  private static final Fused ROW_STATS = Fused.of("row stats", 2, t -> new Tensor[] {
      t[0].sub(t[1]).exp().sum(true, 1), t[0].mul(t[1]).max(true, 1), t[0].add(t[1]).min(true, 1)});

  @Test
  void aReductionEpilogueSumsInTheSamePass() {
    Random r = new Random(21);
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor x = data(r, dtype, 40, 33);
      Tensor y = data(r, dtype, 33);
      Tensor fused = SQUARED_ERROR.apply(x, y)[0];
      Tensor byOps = x.sin().sub(y).square().sum();
      assertEquals(0, fused.ndim(), "a sum of everything is 0-d");
      double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
      assertClose(byOps.toDoubleArray(), fused.toDoubleArray(), tol, tol, dtype + " sum((sin x - y)^2)");
      Tensor m = data(r, dtype, 7, 1);
      Tensor[] stats = ROW_STATS.apply(x.slice(0, 0, 7, 1), m);
      Tensor xs = x.slice(0, 0, 7, 1);
      Tensor[] expected = {xs.sub(m).exp().sum(true, 1), xs.mul(m).max(true, 1), xs.add(m).min(true, 1)};
      for (int j = 0; j < 3; j++) {
        assertEquals(java.util.Arrays.toString(new long[] {7, 1}), java.util.Arrays.toString(stats[j].shape()));
        assertClose(expected[j].toDoubleArray(), stats[j].toDoubleArray(), tol, tol, dtype + " row statistic " + j);
      }
    }
  }

  @Test
  void aLongReductionAndAReductionOverLeadingAxesAgreeWithTheOps() {
    Random r = new Random(22);
    Tensor x = data(r, DType.FLOAT64, 3, 5000);
    Fused columnSums = Fused.of("column sums", 1, t -> new Tensor[] {t[0].tanh().sum(0)});
    assertClose(x.tanh().sum(0).toDoubleArray(), columnSums.apply(x)[0].toDoubleArray(), 1e-12, 1e-12, "sum over axis 0");
    Fused total = Fused.of("total", 1, t -> new Tensor[] {t[0].abs().sum(), t[0].max()});
    Tensor[] t = total.apply(x);
    assertClose(x.abs().sum().toDoubleArray(), t[0].toDoubleArray(), 1e-12, 1e-12, "sum of 15000 elements");
    assertClose(x.max().toDoubleArray(), t[1].toDoubleArray(), 0, 0, "max of 15000 elements");
    Tensor transposed = data(r, DType.FLOAT64, 6, 4).T();
    Fused rows = Fused.of("rows", 1, t2 -> new Tensor[] {t2[0].exp().sum(1)});
    assertClose(transposed.exp().sum(1).toDoubleArray(), rows.apply(transposed)[0].toDoubleArray(), 1e-13, 1e-13,
        "a strided (transposed) input");
  }

  @Test
  void reductionProgramsDifferentiateAndBatch() {
    Random r = new Random(23);
    Tensor x = data(r, DType.FLOAT64, 4, 5).asVariable();
    Tensor y = data(r, DType.FLOAT64, 5);
    GradCheck.Report vjp = GradCheck.defaults().vjpN(t -> SQUARED_ERROR.apply(t[0], t[1])[0], x, y);
    assertTrue(vjp.passed(), vjp.toString());
    GradCheck.Report jvp = GradCheck.defaults().jvpN(t -> SQUARED_ERROR.apply(t[0], t[1])[0], x, y);
    assertTrue(jvp.passed(), jvp.toString());
    GradCheck.Report stats = GradCheck.defaults().vjpN(t -> {
      Tensor[] s = ROW_STATS.apply(t[0], t[1]);
      return s[0].add(s[1]).mul(s[2]).sum();
    }, data(r, DType.FLOAT64, 3, 4), data(r, DType.FLOAT64, 3, 1));
    assertTrue(stats.passed(), "max and min differentiate through the replay: " + stats);
    Tensor hessianDiagonal = Autodiff.grad((Tensor t) -> Autodiff.grad((Tensor u) -> SQUARED_ERROR.apply(u, y.get(0))[0])
        .apply(t).sum()).apply(x.get(0).detach());
    Tensor expected = Autodiff.grad((Tensor t) -> Autodiff.grad((Tensor u) -> u.sin().sub(y.get(0)).square().sum())
        .apply(t).sum()).apply(x.get(0).detach());
    assertClose(expected.toDoubleArray(), hessianDiagonal.toDoubleArray(), 1e-12, 1e-12, "grad of grad");
    Tensor batched = Autodiff.vmap(row -> SQUARED_ERROR.apply(row, y)[0]).apply(x.detach());
    for (int i = 0; i < 4; i++) {
      assertClose(x.get(i).sin().sub(y).square().sum().toDoubleArray(), batched.get(i).toDoubleArray(), 1e-13, 1e-13,
          "vmap row " + i);
    }
  }

  @Test
  void aProgramWithSixOutputs() {
    Fused six = Fused.of("six", 2, t -> new Tensor[] {
        t[0].add(t[1]), t[0].sub(t[1]), t[0].mul(t[1]), t[0].div(t[1]), t[0].exp(), t[1].sqrt()});
    Random r = new Random(24);
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor a = data(r, dtype, 3, 17);
      Tensor b = data(r, dtype, 17).abs().add(0.5);
      Tensor[] out = six.apply(a, b);
      Tensor[] expected = {a.add(b), a.sub(b), a.mul(b), a.div(b), a.exp(), b.sqrt().broadcastTo(3, 17)};
      assertEquals(6, out.length);
      double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
      for (int j = 0; j < 6; j++) {
        assertClose(expected[j].toDoubleArray(), out[j].toDoubleArray(), tol, tol, dtype + " output " + j);
      }
    }
  }

  @Test
  void assignIntoReducedTargetsAndRefusalsWriteNothing() {
    Tensor acc = Tensor.zeros(3);
    Tensor x = Tensor.from(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).detach();
    Fused rowSums = Fused.of("row sums", 1, t -> new Tensor[] {t[0].square().sum(1)});
    Autodiff.noGrad(() -> {
      rowSums.assign(new Tensor[] {acc}, x);
      return null;
    });
    assertClose(new double[] {5, 25, 61}, acc.toDoubleArray(), 0, 0, "reduced into a target");
    Tensor p = Tensor.of(1.0, 2.0, 3.0);
    Tensor q = Tensor.of(4.0, 5.0);
    Fused two = Fused.of("two", 1, t -> new Tensor[] {t[0].mul(2.0), t[0].mul(3.0)});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autodiff.noGrad(() -> {
      two.assign(new Tensor[] {p, q}, p);
      return null;
    }));
    assertTrue(e.getMessage().contains("shape"), e.getMessage());
    assertClose(new double[] {1, 2, 3}, p.toDoubleArray(), 0, 0, "a refused assign wrote nothing into the first target");
  }

  @Test
  void crossEntropyRunsAsFusedProgramsBothWays() {
    Tensor logits = Tensor.from(new double[] {0.2, -1.0, 3.0, 0.5, 0.1, 0.0, -2.0, 1.5, 0.7, 0.7, 0.7, 0.7}, 3, 4);
    Tensor labels = Tensor.of(2L, 0L, 3L).to(logits.device());
    device().synchronize();
    long before = device().stats().kernelLaunches();
    Tensor loss = dev.fluxion.nn.Losses.crossEntropy(logits, labels);
    long forward = device().stats().kernelLaunches() - before;
    loss.backward();
    device().synchronize();
    long backward = device().stats().kernelLaunches() - before - forward;
    // the row maximum, the labels as floats, the class indices and three fused programs
    assertTrue(forward <= 6, "cross-entropy forward took " + forward + " launches");
    // three derivative programs, the sum of the logits' two cotangents, and the gradient's own copy
    assertTrue(backward <= 5, "cross-entropy backward took " + backward + " launches");
    Tensor z = Tensor.from(new double[] {0.2, -1.0, 3.0, 0.5, 0.1, 0.0, -2.0, 1.5, 0.7, 0.7, 0.7, 0.7}, 3, 4);
    Tensor onehot = Tensor.from(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, 3, 4).detach();
    Tensor byOps = z.logSoftmax(1).mul(onehot).sum().div(-3.0);
    byOps.backward();
    assertClose(byOps.toDoubleArray(), loss.toDoubleArray(), 1e-14, 1e-14, "loss");
    assertClose(z.grad().toDoubleArray(), logits.grad().toDoubleArray(), 1e-14, 1e-14, "gradient");
  }

  /** A random chain of elementwise ops on positive inputs (domains stay valid). */
  static final class RandomChain {
    static Tensor apply(long seed, Tensor a, Tensor b) {
      Random r = new Random(seed);
      Tensor x = a;
      for (int i = 0; i < 8; i++) {
        x = switch (r.nextInt(9)) {
          case 0 -> x.add(b);
          case 1 -> x.mul(b).sqrt();
          case 2 -> x.log1p();
          case 3 -> x.atan().add(2.0);
          case 4 -> x.div(b.add(1.0));
          case 5 -> x.exp().log1p();
          case 6 -> Tensor.where(x.gt(1.0), x, b);
          case 7 -> x.pow(b.mul(0.1));
          default -> x.maximum(b).tanh().add(1.5);
        };
      }
      return x;
    }
  }
}
