package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.ConcretizationException;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceStats;
import dev.fluxion.Jit;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Autodiff#jit}: compiled functions give the eager results (bit for bit where the same
 * kernels run, else to the dtype's rounding), compose with the transforms in both orders,
 * retrace on a new signature, refuse host reads of traced values, and replay without
 * allocating or growing memory.
 */
abstract class JitTests extends DeviceTest {
  /** Whether replays must equal eager bit for bit (the same kernels run); devices with contracted fused kernels: 1e-12. */
  protected boolean bitExact() {
    return device() == Device.cpu();
  }

  private void assertSame(double[] eager, double[] jitted, String what) {
    if (bitExact()) {
      assertArrayEquals(eager, jitted, what);
    } else {
      Approx.assertClose(eager, jitted, 1e-12, 1e-12, what);
    }
  }

  private static Tensor formula(Tensor x) {
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    return inner.mul(x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt());
  }

  /** The README's sweep as plain eager code: the formula and its derivative. */
  private static Tensor[] sweep(Tensor[] x) {
    Autodiff.Vjp r = Autodiff.vjp(JitTests::formula, x[0]);
    return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
  }

  private static Tensor points(double from, double to, int n) {
    return Tensor.linspace(DType.FLOAT64, Device.defaultDevice(), from, to, n);
  }

  @Test
  void theSweepUnderJitEqualsEagerOnEveryCall() {
    Jit f = Autodiff.jitN(JitTests::sweep);
    for (double shift : new double[] {0, 0.25, 3}) {
      Tensor x = points(1 + shift, 10 + shift, 1000);
      Tensor[] eager = sweep(new Tensor[] {x});
      Tensor[] jitted = f.apply(new Tensor[] {x});
      assertSame(eager[0].toDoubleArray(), jitted[0].toDoubleArray(), "f at shift " + shift);
      assertSame(eager[1].toDoubleArray(), jitted[1].toDoubleArray(), "f' at shift " + shift);
    }
    assertEquals(1, f.traces(), "one signature, one trace");
    assertEquals(1, f.launchesPerCall(), "the sweep and its derivative are one fused program: " + f.describePlan());
  }

  @Test
  void aNewShapeOrDtypeRetracesAndTheCacheIsBounded() {
    Jit f = Autodiff.jitN(x -> new Tensor[] {x[0].sin().mul(x[0]).sum()});
    f.apply(new Tensor[] {points(0, 1, 5)});
    f.apply(new Tensor[] {points(2, 3, 5)});
    assertEquals(1, f.traces());
    Tensor r = f.apply(new Tensor[] {points(0, 1, 7)})[0];
    assertEquals(2, f.traces(), "a new shape traces again");
    assertEquals(eagerSinSum(points(0, 1, 7)), r.item(), 0);
    f.apply(new Tensor[] {points(0, 1, 7).to(DType.FLOAT32)});
    assertEquals(3, f.traces(), "a new dtype traces again");
    for (int n = 10; n < 10 + 2 * Jit.DEFAULT_CACHE_SIZE; n++) {
      f.apply(new Tensor[] {points(0, 1, n)});
    }
    assertEquals(Jit.DEFAULT_CACHE_SIZE, f.cachedPlans(), "least recently used plans are dropped");
    f.apply(new Tensor[] {points(0, 1, 5)});
    assertEquals(4 + 2 * Jit.DEFAULT_CACHE_SIZE, f.traces(), "an evicted signature traces again");
  }

  private static double eagerSinSum(Tensor x) {
    return x.sin().mul(x).sum().item();
  }

  @Test
  void jitOfGradGradOfJitVmapOfJitAndJitOfHessian() {
    Function<Tensor, Tensor> f = x -> x.sin().mul(x.square()).sum();
    Tensor x = points(-2, 2, 9);
    double[] g = Autodiff.grad(f).apply(x).toDoubleArray();
    Function<Tensor, Tensor> jitGrad = Autodiff.jit(Autodiff.grad(f));
    jitGrad.apply(points(-1, 1, 9));
    assertSame(g, jitGrad.apply(x).toDoubleArray(), "jit(grad(f)) replayed");
    assertSame(g, Autodiff.grad(Autodiff.jit(f)).apply(x).toDoubleArray(), "grad(jit(f))");

    Function<Tensor, Tensor> row = v -> v.exp().mul(v).sum();
    Tensor m = Tensor.linspace(-1, 1, 12).reshape(3, 4).detach();
    double[] byRow = Autodiff.vmap(row).apply(m).toDoubleArray();
    assertSame(byRow, Autodiff.vmap(Autodiff.jit(row)).apply(m).toDoubleArray(), "vmap(jit(f))");
    Function<Tensor, Tensor> jitVmap = Autodiff.jit(Autodiff.vmap(row));
    jitVmap.apply(m.mul(0.5));
    assertSame(byRow, jitVmap.apply(m).toDoubleArray(), "jit(vmap(f)) replayed");

    Function<Tensor, Tensor> h = x3 -> x3.pow(3).sum().add(x3.get(0).mul(x3.get(1)));
    Tensor p = Tensor.of(0.5, -1.5, 2.0);
    double[] hess = Autodiff.hessian(h).apply(p).toDoubleArray();
    Function<Tensor, Tensor> jitHess = Autodiff.jit(Autodiff.hessian(h));
    jitHess.apply(Tensor.of(1.0, 1.0, 1.0));
    assertSame(hess, jitHess.apply(p).toDoubleArray(), "jit(hessian(f)) replayed");
  }

  @Test
  void hostReadsOfTracedValuesAreRefusedNamingTheOp() {
    Tensor x = points(0, 1, 4);
    assertConcretization("item()", Autodiff.jit(v -> v.sum().item() > 0 ? v : v.neg()), x);
    assertConcretization("toDoubleArray", Autodiff.jit(v -> Tensor.of(v.toDoubleArray())), x);
    assertConcretization("mask", Autodiff.jit(v -> v.mask(v.gt(0.5))), x);
    // printing a traced value says what it is rather than throwing (as JAX prints a tracer)
    String[] printed = new String[1];
    Autodiff.jit(v -> {
      printed[0] = v.exp().toString();
      return v;
    }).apply(x);
    assertEquals("Tensor(<traced by jit>, shape=[4], dtype=float64)", printed[0]);
    // values that do not depend on the inputs may be read
    Tensor c = Tensor.of(2.0, 3.0, 4.0, 5.0);
    Function<Tensor, Tensor> ok = Autodiff.jit(v -> v.mul(c.sum().item()));
    assertArrayEquals(x.mul(14).toDoubleArray(), ok.apply(x).toDoubleArray());
  }

  private static void assertConcretization(String op, Function<Tensor, Tensor> f, Tensor x) {
    ConcretizationException e = assertThrows(ConcretizationException.class, () -> f.apply(x));
    assertTrue(e.getMessage().startsWith(op.replace("()", "")) || e.getMessage().contains(op),
        "the message names " + op + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("Tensor.where") && e.getMessage().contains("without jit"), "says how to fix it: " + e.getMessage());
  }

  @Test
  void badInputsAreRefusedNamingJitAndChangeNothing() {
    Jit f = Autodiff.jitN(x -> new Tensor[] {x[0].exp()});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(new Tensor[] {null}));
    assertTrue(e.getMessage().contains("jitN") && e.getMessage().contains("input 0 is null"), e.getMessage());
    Tensor closed = Tensor.of(1.0, 2.0);
    closed.close();
    IllegalStateException c = assertThrows(IllegalStateException.class, () -> f.apply(new Tensor[] {closed}));
    assertTrue(c.getMessage().contains("jitN") && c.getMessage().contains("closed"), c.getMessage());
    assertEquals(0, f.traces(), "nothing was traced");
    assertEquals(0, f.cachedPlans());
  }

  @Test
  void closedOverTensorsAreConstantsReadWhereTheyAre() {
    Tensor w = Tensor.of(1.0, 2.0, 3.0).detach();
    Function<Tensor, Tensor> f = Autodiff.jit(x -> x.mul(w));
    Tensor x = Tensor.of(1.0, 1.0, 1.0);
    assertArrayEquals(new double[] {1, 2, 3}, f.apply(x).toDoubleArray());
    w.assign(Tensor.of(4.0, 5.0, 6.0));
    assertArrayEquals(new double[] {4, 5, 6}, f.apply(x).toDoubleArray(), "an in-place update of a constant is seen");
  }

  @Test
  void theSameTensorTwiceAndTwoTensorsAreDifferentSignatures() {
    Autodiff.Jit2 f = Autodiff.jit((a, b) -> a.sub(b).exp());
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = Tensor.of(0.5, 0.25);
    assertArrayEquals(new double[] {1, 1}, f.apply(x, x).toDoubleArray());
    assertArrayEquals(x.sub(y).exp().toDoubleArray(), f.apply(x, y).toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, f.apply(y, y).toDoubleArray());
    assertEquals(2, f.compiled().traces());
    Tensor row = Tensor.of(1.0, 2.0, 3.0, 4.0).reshape(2, 2);
    assertArrayEquals(new double[] {Math.exp(-2), Math.exp(-2)}, f.apply(row.get(0), row.get(1)).toDoubleArray(),
        "views of one buffer at other offsets");
  }

  @Test
  void resultsOfEveryCallAreIndependentTensors() {
    Function<Tensor, Tensor> f = Autodiff.jit(x -> x.exp().add(1));
    Tensor a = f.apply(Tensor.of(0.0, 1.0));
    Tensor b = f.apply(Tensor.of(2.0, 3.0));
    Tensor c = f.apply(Tensor.of(4.0, 5.0));
    assertNotSame(b, c);
    assertArrayEquals(Tensor.of(0.0, 1.0).exp().add(1).toDoubleArray(), a.toDoubleArray(), "the first result is kept");
    assertArrayEquals(Tensor.of(2.0, 3.0).exp().add(1).toDoubleArray(), b.toDoubleArray(), "a replay's result is not overwritten");
  }

  @Test
  void aReplayAllocatesNothingButItsResultsAndLaunchesThePlannedKernels() {
    Jit f = Autodiff.jitN(JitTests::sweep);
    Tensor x = points(1, 10, 4096);
    f.apply(new Tensor[] {x});
    closeAll(f.apply(new Tensor[] {x}));
    Device d = Device.defaultDevice();
    d.synchronize();
    DeviceStats before = d.stats();
    Tensor[] r = f.apply(new Tensor[] {x});
    d.synchronize();
    DeviceStats after = d.stats();
    assertEquals(f.launchesPerCall(), after.kernelLaunches() - before.kernelLaunches(), "planned launches: " + f.describePlan());
    long results = 2L * 4096 * 8;
    assertTrue(after.allocatedBytes() - before.allocatedBytes() <= results, "no device memory but the results': "
        + (after.allocatedBytes() - before.allocatedBytes()));
    assertEquals(0, after.hostToDeviceBytes() - before.hostToDeviceBytes(), "nothing copied from the host");
    assertTrue(after.inUseBytes() - before.inUseBytes() <= results, "only the results' buffers are taken: "
        + (after.inUseBytes() - before.inUseBytes()));
    closeAll(r);
  }

  @Test
  void memoryStaysFlatOverManyReplays() {
    Jit f = Autodiff.jitN(JitTests::sweep);
    Tensor x = points(1, 10, 2048);
    closeAll(f.apply(new Tensor[] {x}));
    closeAll(f.apply(new Tensor[] {x}));
    Device d = Device.defaultDevice();
    d.synchronize();
    long start = d.stats().inUseBytes();
    for (int i = 0; i < 500; i++) {
      try (Scope s = Tensor.scope()) {
        f.apply(new Tensor[] {x});
      }
    }
    d.synchronize();
    assertTrue(d.stats().inUseBytes() <= start, "memory in use after 500 replays: " + d.stats().inUseBytes() + " bytes, "
        + start + " before");
  }

  private static void closeAll(Tensor[] ts) {
    for (Tensor t : ts) {
      t.close();
    }
  }

  /** Every PyTorch-checked program: value and gradients through jit(vjp) equal eager, on the trace and on replays. */
  @TestFactory
  Stream<DynamicTest> everyConformanceProgramThroughJit() {
    List<TorchPrograms.Case> cases = TorchPrograms.load();
    return cases.stream().map(c -> DynamicTest.dynamicTest("case " + c.name(), () -> {
      Function<Tensor[], Tensor[]> valueAndGrads = in -> {
        Autodiff.VjpN r = Autodiff.vjpN(v -> TorchPrograms.run(c.program(), v), in);
        Tensor[] g = r.pullback().apply(Tensor.onesLike(r.value()));
        List<Tensor> out = new ArrayList<>(List.of(r.value()));
        for (Tensor t : g) {
          out.add(t == null ? Tensor.zeros(1) : t);
        }
        return out.toArray(Tensor[]::new);
      };
      Jit jitted = Autodiff.jitN(valueAndGrads);
      Random rnd = new Random(c.name().hashCode());
      for (int call = 0; call < 3; call++) {
        Tensor[] in = new Tensor[c.vars().size()];
        for (int i = 0; i < in.length; i++) {
          TorchPrograms.Values v = c.vars().get(i);
          double[] data = v.data().clone();
          if (call == 2) { // new values of the same signature (a small relative change keeps every domain)
            for (int k = 0; k < data.length; k++) {
              data[k] *= 1 + 0.01 * rnd.nextDouble();
            }
          }
          in[i] = Tensor.from(data, v.shape());
        }
        Tensor[] eager = valueAndGrads.apply(in);
        Tensor[] got = jitted.apply(in);
        assertEquals(eager.length, got.length);
        for (int j = 0; j < eager.length; j++) {
          assertArrayEquals(eager[j].shape(), got[j].shape(), "shape of result " + j);
          assertSame(eager[j].toDoubleArray(), got[j].toDoubleArray(), "case " + c.name() + " call " + call + " result " + j);
        }
      }
      assertEquals(1, jitted.traces(), "one trace for one signature");
    }));
  }
}
