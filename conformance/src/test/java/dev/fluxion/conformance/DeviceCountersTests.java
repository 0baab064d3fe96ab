package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceStats;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tape lives on the device: a whole reverse sweep moves no byte between host and device,
 * and a training step that repeats the previous one takes all its memory from the caching
 * allocator. For device backends only (the CPU has no transfers and no cache).
 */
public abstract class DeviceCountersTests extends DeviceTest {
  private Device device;

  @BeforeEach
  void openDevice() {
    device = device();
  }

  /** Twenty primitives (binary ops with scalars, broadcasting, movement, reductions, where). */
  private static Tensor twentyPrimitives(Tensor x, Tensor w, Tensor b) {
    Tensor h = x.matmul(w)  // 1 matmul
        .add(b)             // 2 add, b broadcast over rows
        .tanh()             // 3
        .mul(2.0)           // 4 scalar operand: an immediate
        .sin()              // 5
        .exp()              // 6
        .div(b.abs().add(1.0)) // 7 abs, 8 add, 9 div
        .sigmoid()          // 10
        .maximum(0.25)      // 11
        .log();             // 12
    Tensor t = h.T()        // 13 permute (a view)
        .reshape(4, 4, 8)   // 14 reshape (a copy of the transposed view)
        .slice(2, 1, 8, 2); // 15 slice (a view)
    Tensor g = Tensor.where(t.gt(-1.0), t, t.square()) // 16 gt, 17 where, 18 square (mul)
        .max(true, 1);      // 19 max over an axis
    return g.sum();         // 20 sum
  }

  @Test
  void theReverseSweepMovesNoBytesBetweenHostAndDevice() {
    Tensor x = Tensor.randn(Rng.of(1), DType.FLOAT32, device, 8, 6);
    Tensor w = Tensor.randn(Rng.of(2), DType.FLOAT32, device, 6, 16);
    Tensor b = Tensor.randn(Rng.of(3), DType.FLOAT32, device, 16);
    Tensor loss = twentyPrimitives(x, w, b);
    DeviceStats before = device.stats();
    loss.backward();
    device.synchronize();
    DeviceStats after = device.stats();
    assertEquals(0, after.hostToDeviceBytes() - before.hostToDeviceBytes(), "host → device bytes during backward()");
    assertEquals(0, after.deviceToHostBytes() - before.deviceToHostBytes(), "device → host bytes during backward()");
    assertTrue(after.kernelLaunches() - before.kernelLaunches() >= 20, "backward ran on the device: "
        + (after.kernelLaunches() - before.kernelLaunches()) + " launches");

    Tensor[] onCpu = {x.to(Device.cpu()).detach().asVariable(), w.to(Device.cpu()).detach().asVariable(),
        b.to(Device.cpu()).detach().asVariable()};
    twentyPrimitives(onCpu[0], onCpu[1], onCpu[2]).backward();
    Tensor[] onDevice = {x, w, b};
    for (int i = 0; i < 3; i++) {
      assertEquals(device, onDevice[i].grad().device(), "gradients stay on the device");
      double[] e = onCpu[i].grad().toDoubleArray();
      double[] a = onDevice[i].grad().toDoubleArray();
      for (int k = 0; k < e.length; k++) {
        if (Math.abs(a[k] - e[k]) > 1e-5 * Math.max(1, Math.abs(e[k]))) {
          fail("gradient " + i + " element " + k + ": " + a[k] + " on " + device + ", " + e[k] + " on the CPU");
        }
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the scope closes what the step made; its body never names it
  void aRepeatedTrainingStepAllocatesNothingNewAndMovesNothing() {
    Tensor x = Tensor.randn(Rng.of(4), DType.FLOAT32, device, 8, 6).detach(); // data: a constant
    Tensor w = Tensor.randn(Rng.of(5), DType.FLOAT32, device, 6, 16);
    Tensor b = Tensor.zeros(DType.FLOAT32, device, 16);
    Runnable step = () -> {
      try (Scope scope = Tensor.scope()) {
        twentyPrimitives(x, w, b).backward();
        Tensor gw = w.grad();
        Tensor gb = b.grad();
        Autodiff.noGrad(() -> {
          w.assign(w.sub(gw.mul(0.01)));
          b.assign(b.sub(gb.mul(0.01)));
        });
        w.zeroGrad();
        b.zeroGrad();
      }
    };
    step.run();
    device.synchronize();
    DeviceStats first = device.stats();
    step.run();
    device.synchronize();
    DeviceStats second = device.stats();
    assertEquals(first.allocatedBytes(), second.allocatedBytes(), "bytes obtained from the driver after step 1 and step 2");
    assertEquals(first.hostToDeviceBytes(), second.hostToDeviceBytes(), "host → device bytes during step 2");
    assertEquals(first.deviceToHostBytes(), second.deviceToHostBytes(), "device → host bytes during step 2");
    assertTrue(second.cachedBytes() > 0, "the step's temporaries went back to the cache");
  }

  private static final dev.fluxion.Fused DAMPED = dev.fluxion.Fused.of("damped", 1,
      t -> new Tensor[] {t[0].sin().mul(t[0].neg().exp()).add(t[0].square())});

  /**
   * The backward of a fused program is itself one fused program: no transfer, and besides it only
   * the materialised seeds that MyGrad-style intermediates keep as their gradients.
   */
  @Test
  void aFusedBackwardMovesNoBytesAndRunsAsOneProgram() {
    Tensor x = Tensor.linspace(DType.FLOAT32, device, 1, 10, 1000);
    Tensor y = DAMPED.apply(x)[0].sum();
    device.synchronize();
    DeviceStats before = device.stats();
    y.backward();
    device.synchronize();
    DeviceStats after = device.stats();
    assertEquals(0, after.hostToDeviceBytes() - before.hostToDeviceBytes(), "host → device bytes during backward()");
    assertEquals(0, after.deviceToHostBytes() - before.deviceToHostBytes(), "device → host bytes during backward()");
    long ran = after.kernelLaunches() - before.kernelLaunches();
    assertTrue(ran <= 3, "backward of a fused program: " + ran + " launches");
    Tensor c = Tensor.linspace(DType.FLOAT32, Device.cpu(), 1, 10, 1000);
    c.sin().mul(c.neg().exp()).add(c.square()).sum().backward();
    Approx.assertClose(c.grad().toDoubleArray(), x.grad().toDoubleArray(), 1e-5, 1e-5, "gradient on the device");
  }
}
