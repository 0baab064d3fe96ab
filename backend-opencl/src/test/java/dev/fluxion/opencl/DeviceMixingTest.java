package dev.fluxion.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tensors of two devices never meet in one op; {@code to(Device)} moves them, differentiably. */
class DeviceMixingTest {
  private Device cl;

  @BeforeEach
  void device() {
    cl = OpenClTesting.device();
  }

  @Test
  void anOpOnTwoDevicesNamesBoth() {
    Tensor onCpu = Tensor.of(1.0, 2.0);
    Tensor onCl = Tensor.of(3.0, 4.0).to(cl);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onCpu.add(onCl));
    assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("opencl:0"), e.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new double[][] {{1, 2}}).to(cl).matmul(Tensor.of(new double[][] {{1}, {2}})));
    assertTrue(m.getMessage().contains("matmul") && m.getMessage().contains("cpu") && m.getMessage().contains("opencl:0"),
        m.getMessage());
  }

  @Test
  void gradientsFlowBackAcrossTransfers() {
    Tensor x = Tensor.of(0.5, -1.0, 2.0);
    x.to(cl).exp().mul(x.to(cl)).sum().backward();
    assertEquals(Device.cpu(), x.grad().device());
    double[] g = x.grad().toDoubleArray();
    double[] v = {0.5, -1.0, 2.0};
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.exp(v[i]) * (v[i] + 1), g[i], 1e-12, "d/dx x·e^x");
    }

    Tensor y = Tensor.of(1.0, 3.0).to(cl).asVariable();
    y.to(Device.cpu()).square().sum().backward();
    assertEquals(cl, y.grad().device(), "the gradient of an OpenCL variable lives on OpenCL");
    assertArrayEquals(new double[] {2, 6}, y.grad().toDoubleArray());
  }

  @Test
  void transformsNestAcrossDevices() {
    Tensor h = Autodiff.grad(Autodiff.grad((Tensor t) -> t.to(cl).sin().to(Device.cpu()).mul(t))).apply(Tensor.of(0.7));
    double expected = 2 * Math.cos(0.7) - 0.7 * Math.sin(0.7);
    assertEquals(expected, h.item(), 1e-12, "d²/dt² t·sin t");
  }
}
