package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertExact;
import static dev.fluxion.conformance.Approx.assertShape;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import dev.fluxion.Rng;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The names of API.md ({@link Tensor}, {@link DType}, {@link Device}) and what each promises:
 * creation and its dtype/constness rules, inspection, arithmetic, shape methods with NumPy's
 * rules, dtype promotion, and the MyGrad-style autodiff state.
 */
public abstract class ApiTests extends DeviceTest {
  // ------------------------------------------------------------------ creation

  @Test
  void javaTypesPickTheDtypeAndFloatingTensorsAreVariables() {
    check(Tensor.of(2.5), DType.FLOAT64, false, new long[0]);
    check(Tensor.of(1.0, 2.0), DType.FLOAT64, false, new long[] {2});
    check(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}), DType.FLOAT64, false, new long[] {2, 3});
    check(Tensor.of(2.5f), DType.FLOAT32, false, new long[0]);
    check(Tensor.of(1f, 2f), DType.FLOAT32, false, new long[] {2});
    check(Tensor.of(new float[][] {{1, 2}, {3, 4}}), DType.FLOAT32, false, new long[] {2, 2});
    check(Tensor.of(3), DType.INT32, true, new long[0]);
    check(Tensor.of(3L), DType.INT64, true, new long[0]);
    check(Tensor.of(1, 2, 3), DType.INT32, true, new long[] {3});
    check(Tensor.of(1L, 2L), DType.INT64, true, new long[] {2});
    check(Tensor.constant(2.0), DType.FLOAT64, true, new long[0]);
    check(Tensor.constant(1.0, 2.0), DType.FLOAT64, true, new long[] {2});
    check(Tensor.constant(new double[][] {{1}, {2}}), DType.FLOAT64, true, new long[] {2, 1});
    assertEquals(3.0, Tensor.of(3).item());
    assertEquals("Tensor(3, dtype=int32)", Tensor.of(3).toString());
    assertEquals("Tensor([1, 2, 3], dtype=int32)", Tensor.of(1, 2, 3).toString());
  }

  private void check(Tensor t, DType dtype, boolean constant, long[] shape) {
    assertEquals(dtype, t.dtype(), t.toString());
    assertEquals(constant, t.isConstant(), () -> t + " constant?");
    assertArrayEquals(shape, t.shape(), t.toString());
    assertEquals(shape.length, t.ndim());
    assertEquals(Arrays.stream(shape).reduce(1, (a, b) -> a * b), t.size());
    assertEquals(device(), t.device());
  }

  @Test
  void fromTakesRowMajorDataAndTheFullShape() {
    Tensor t = Tensor.from(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    check(t, DType.FLOAT64, false, new long[] {3, 2});
    assertTensor(new long[] {2}, new double[] {3, 4}, t.get(1), 0, "row 1");
    check(Tensor.from(new float[] {1, 2}, 2, 1), DType.FLOAT32, false, new long[] {2, 1});
    check(Tensor.from(new double[] {7}), DType.FLOAT64, false, new long[0]);
    assertThrows(IllegalArgumentException.class, () -> Tensor.from(new double[] {1, 2, 3}, 2, 2));
  }

  @Test
  void filledTensorsAndTheirDtypeAndDeviceOverloads() {
    Tensor z = Tensor.zeros(2, 3);
    check(z, DType.FLOAT64, false, new long[] {2, 3});
    assertTensor(new long[] {2, 3}, new double[6], z, 0, "zeros");
    assertTensor(new long[] {3}, new double[] {1, 1, 1}, Tensor.ones(3), 0, "ones");
    assertTensor(new long[] {2, 2}, new double[] {7.5, 7.5, 7.5, 7.5}, Tensor.full(7.5, 2, 2), 0, "full");
    check(Tensor.zeros(DType.FLOAT32, device(), 3, 4), DType.FLOAT32, false, new long[] {3, 4});
    check(Tensor.ones(DType.INT32, device(), 2), DType.INT32, true, new long[] {2});
    check(Tensor.full(DType.INT64, device(), 4, 2), DType.INT64, true, new long[] {2});
    assertTensor(new long[] {2}, new double[] {4, 4}, Tensor.full(DType.INT64, device(), 4, 2), 0, "full int64");
    check(Tensor.zeros(DType.FLOAT32, 5), DType.FLOAT32, false, new long[] {5});
  }

  @Test
  void rangesAndIdentity() {
    assertTensor(new long[] {5}, new double[] {0, 1, 2, 3, 4}, Tensor.arange(0, 5), 0, "arange(0, 5)");
    assertTensor(new long[] {4}, new double[] {1, 1.25, 1.5, 1.75}, Tensor.arange(1, 2, 0.25), 0, "arange(1, 2, .25)");
    assertTensor(new long[] {3}, new double[] {5, 3, 1}, Tensor.arange(5, 0, -2), 0, "arange(5, 0, -2)");
    assertShape(new long[] {0}, Tensor.arange(3, 1), "empty arange");
    Tensor ints = Tensor.arange(DType.INT64, device(), 0, 4, 1);
    check(ints, DType.INT64, true, new long[] {4});
    assertTensor(new long[] {3}, new double[] {0, 0.5, 1}, Tensor.linspace(DType.FLOAT32, device(), 0, 1, 3), 0, "linspace f32");
    assertTensor(new long[] {1}, new double[] {3}, Tensor.linspace(3, 9, 1), 0, "linspace of one point");
    Tensor eye = Tensor.eye(3);
    check(eye, DType.FLOAT64, false, new long[] {3, 3});
    assertTensor(new long[] {3, 3}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, eye, 0, "eye(3)");
    check(Tensor.eye(DType.FLOAT32, device(), 2), DType.FLOAT32, false, new long[] {2, 2});
  }

  @Test
  void randomTensorsAreReproducibleAndPlausible() {
    double[] u = Tensor.rand(Rng.of(42), 100, 100).toDoubleArray();
    assertArrayEquals(u, Tensor.rand(Rng.of(42), 100, 100).toDoubleArray(), "same seed, same values");
    assertFalse(Arrays.equals(u, Tensor.rand(Rng.of(43), 100, 100).toDoubleArray()), "different seeds differ");
    assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1), "uniform values lie in [0, 1)");
    assertEquals(0.5, mean(u), 0.02, "uniform mean");
    assertEquals(Math.sqrt(1 / 12.0), std(u), 0.01, "uniform std");

    double[] n = Tensor.randn(Rng.of(7), 10000).toDoubleArray();
    assertArrayEquals(n, Tensor.randn(Rng.of(7), 10000).toDoubleArray(), "same seed, same values");
    assertFalse(Arrays.equals(n, Tensor.randn(Rng.of(8), 10000).toDoubleArray()), "different seeds differ");
    assertEquals(0, mean(n), 0.04, "normal mean");
    assertEquals(1, std(n), 0.03, "normal std");

    Tensor f = Tensor.rand(Rng.of(1), DType.FLOAT32, device(), 3, 2);
    check(f, DType.FLOAT32, false, new long[] {3, 2});
    check(Tensor.randn(Rng.of(1), DType.FLOAT64, device(), 4), DType.FLOAT64, false, new long[] {4});
    check(Tensor.rand(Rng.of(5), 2), DType.FLOAT64, false, new long[] {2});
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static double std(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElseThrow());
  }

  // ------------------------------------------------------------------ inspection and devices

  @Test
  void readingValuesOfEveryDtype() {
    assertArrayEquals(new double[] {1, 2}, Tensor.of(1, 2).toDoubleArray());
    assertArrayEquals(new float[] {1.5f, 2}, Tensor.of(1.5, 2.0).toFloatArray());
    assertArrayEquals(new double[] {1, 0, 1}, Tensor.of(true, false, true).toDoubleArray());
    assertArrayEquals(new float[] {3, 4}, Tensor.of(3L, 4L).toFloatArray());
    assertEquals(0.1f, Tensor.of(0.1f).item(), 0.0);
    assertEquals(-2.0, Tensor.of(new double[][] {{-2}}).item());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(1.0, 2.0).item());
  }

  /** The Device contract; it names the CPU on purpose (always present, listed first). */
  @Test
  void devices() {
    assertEquals(device(), Device.defaultDevice(), "the suite runs on its device");
    assertEquals(Device.cpu(), Device.cpu(), "devices are canonical");
    List<Device> available = Device.available();
    assertEquals(Device.cpu(), available.get(0), "the CPU comes first");
    assertTrue(available.contains(device()), "the device under test is available");
    for (Device d : available) {
      assertFalse(d.description().isBlank(), d + " has a description");
    }
    Device previous = Device.defaultDevice();
    try {
      Device.setDefault(Device.cpu());
      assertEquals(Device.cpu(), Tensor.zeros(2).device());
    } finally {
      Device.setDefault(previous);
    }
    assertEquals(device(), Tensor.zeros(2).device());
    assertThrows(DeviceUnavailableException.class, () -> Device.opencl(999));
    assertThrows(DeviceUnavailableException.class, () -> Device.cuda(999));
  }

  @Test
  void unavailableDevicesSayWhy() {
    List<Device> available = Device.available();
    for (String family : List.of("opencl", "cuda")) {
      boolean present = available.stream().anyMatch(d -> d.family().equals(family));
      if (present) {
        Device d = family.equals("opencl") ? Device.opencl() : Device.cuda(0);
        assertEquals(family, d.family());
      } else {
        Executable open = family.equals("opencl") ? Device::opencl : Device::cuda;
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, open);
        assertTrue(e.getMessage().contains(family) && e.getMessage().length() > family.length() + 10,
            () -> "the message says why: " + e.getMessage());
      }
    }
  }

  @Test
  void statsCountTransfersAndLaunches() {
    Device d = device();
    d.resetStats();
    Tensor a = Tensor.of(1.0, 2.0, 3.0);
    assertEquals(24, d.stats().hostToDeviceBytes(), "three doubles written");
    Tensor b = a.exp();
    assertTrue(d.stats().kernelLaunches() >= 1, "exp ran a kernel");
    b.toDoubleArray();
    assertEquals(24, d.stats().deviceToHostBytes(), "three doubles read");
    d.resetStats();
    assertEquals(0, d.stats().kernelLaunches());
    assertEquals(0, d.stats().hostToDeviceBytes());
    assertTrue(d.stats().liveTensors() >= 2, "a and b are live");
  }

  // ------------------------------------------------------------------ arithmetic and math

  @Test
  void arithmeticWithScalars() {
    Tensor x = Tensor.of(1.0, 2.0, 4.0);
    assertTensor(new long[] {3}, new double[] {3, 4, 6}, x.add(2), 0, "add");
    assertTensor(new long[] {3}, new double[] {-1, 0, 2}, x.sub(2), 0, "sub");
    assertTensor(new long[] {3}, new double[] {2, 4, 8}, x.mul(2), 0, "mul");
    assertTensor(new long[] {3}, new double[] {0.5, 1, 2}, x.div(2), 0, "div");
    assertTensor(new long[] {3}, new double[] {1, 4, 16}, x.pow(2), 0, "pow");
    assertTensor(new long[] {3}, new double[] {2, 2, 4}, x.maximum(2), 0, "maximum");
    assertTensor(new long[] {3}, new double[] {1, 2, 2}, x.minimum(2), 0, "minimum");
    double[] angles = {Math.atan2(1, 1), Math.atan2(2, 1), Math.atan2(4, 1)};
    assertTensor(new long[] {3}, angles, x.atan2(1), 1e-15, "atan2");
    assertTensor(new long[] {3}, new double[] {-1, -2, -4}, x.neg(), 0, "neg");
    Tensor r = x.rsub(10);
    Tensor q = x.rdiv(8);
    assertTensor(new long[] {3}, new double[] {9, 8, 6}, r, 0, "rsub");
    assertTensor(new long[] {3}, new double[] {8, 4, 2}, q, 0, "rdiv");
    r.add(q).sum().backward();
    assertTensor(new long[] {3}, new double[] {-1 - 8, -1 - 2, -1 - 0.5}, x.grad(), 1e-15, "d(10 − x + 8/x)");
  }

  @Test
  void elementwiseMathValues() {
    Tensor x = Tensor.of(0.5, -0.25);
    double[][] expected = {
        {Math.sqrt(0.5), Double.NaN}, {Math.exp(0.5), Math.exp(-0.25)}, {Math.log(0.5), Double.NaN},
        {Math.log1p(0.5), Math.log1p(-0.25)}, {Math.expm1(0.5), Math.expm1(-0.25)}, {Math.sin(0.5), Math.sin(-0.25)},
        {Math.cos(0.5), Math.cos(-0.25)}, {Math.tan(0.5), Math.tan(-0.25)}, {Math.asin(0.5), Math.asin(-0.25)},
        {Math.acos(0.5), Math.acos(-0.25)}, {Math.atan(0.5), Math.atan(-0.25)}, {Math.sinh(0.5), Math.sinh(-0.25)},
        {Math.cosh(0.5), Math.cosh(-0.25)}, {Math.tanh(0.5), Math.tanh(-0.25)},
        {1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(0.25))}, {0.5, 0}, {0.5, 0.25}, {1, -1},
        {0.5204998778130465, -0.2763263901682369}, {2, -4}, {0.25, 0.0625}};
    Tensor[] actual = {x.sqrt(), x.exp(), x.log(), x.log1p(), x.expm1(), x.sin(), x.cos(), x.tan(), x.asin(),
        x.acos(), x.atan(), x.sinh(), x.cosh(), x.tanh(), x.sigmoid(), x.relu(), x.abs(), x.sign(), x.erf(),
        x.reciprocal(), x.square()};
    for (int i = 0; i < actual.length; i++) {
      assertTensor(new long[] {2}, expected[i], actual[i], 1e-14, "elementwise function #" + i);
    }
  }

  @Test
  void clipHasGradientOneInsideTheClosedIntervalAndZeroOutside() {
    Tensor x = Tensor.of(-2.0, -1.0, 0.3, 1.0, 2.0);
    Tensor y = x.clip(-1, 1);
    assertTensor(new long[] {5}, new double[] {-1, -1, 0.3, 1, 1}, y, 0, "clip values");
    y.backward();
    assertTensor(new long[] {5}, new double[] {0, 1, 1, 1, 0}, x.grad(), 0, "clip gradient");
  }

  @Test
  void sinc() {
    Tensor x = Tensor.of(0.0, 0.5, 1.0, -1.5);
    Tensor y = x.sinc();
    assertTensor(new long[] {4}, new double[] {1, 2 / Math.PI, 0, -2 / (3 * Math.PI)}, y, 1e-15, "sinc values");
    y.backward();
    assertTensor(new long[] {4}, new double[] {0, -4 / Math.PI, -1, -4 / (9 * Math.PI)}, x.grad(), 1e-14, "sinc gradient");
  }

  @Test
  void comparisonsAreBoolConstants() {
    Tensor a = Tensor.of(1.0, 2.0, 3.0);
    Tensor b = Tensor.of(3.0, 2.0, 1.0);
    Tensor[] r = {a.lt(b), a.le(b), a.gt(b), a.ge(b), a.eq(b), a.ne(b), a.lt(2), a.ge(2), a.eq(3), a.ne(1)};
    double[][] expected = {{1, 0, 0}, {1, 1, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 0, 1},
        {1, 0, 0}, {0, 1, 1}, {0, 0, 1}, {0, 1, 1}};
    for (int i = 0; i < r.length; i++) {
      assertEquals(DType.BOOL, r[i].dtype(), "comparison #" + i);
      assertTrue(r[i].isConstant(), "comparison #" + i + " is a constant");
      assertExact(expected[i], r[i], "comparison #" + i);
    }
    Tensor w = Tensor.where(a.gt(1.5), a, b.mul(10));
    assertTensor(new long[] {3}, new double[] {30, 2, 3}, w, 0, "where");
    w.sum().backward();
    assertTensor(new long[] {3}, new double[] {0, 1, 1}, a.grad(), 0, "where sends the gradient to the chosen side");
    assertTensor(new long[] {3}, new double[] {10, 0, 0}, b.grad(), 0, "where, other side");
    assertTensor(new long[] {3}, new double[] {1, 5, 5}, Tensor.where(a.gt(1.5), 5.0, a), 0, "where with a scalar");
  }

  @Test
  void dotAndOuter() {
    Tensor a = Tensor.of(1.0, 2.0, 3.0);
    Tensor b = Tensor.of(4.0, 5.0, 6.0);
    assertTensor(new long[0], new double[] {32}, a.dot(b), 0, "dot");
    assertTensor(new long[] {3, 2}, new double[] {4, 5, 8, 10, 12, 15}, a.outer(b.slice(0, 0, 2)), 0, "outer");
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    assertTensor(new long[] {2, 2}, new double[] {7, 10, 15, 22}, m.dot(m), 0, "dot of matrices is matmul");
  }

  // ------------------------------------------------------------------ shape

  @Test
  void reshapeFamily() {
    Tensor x = Tensor.arange(0, 6).reshape(2, 3);
    assertShape(new long[] {3, 2}, x.reshape(-1, 2), "reshape(-1, 2)");
    assertShape(new long[] {6}, x.reshape(-1), "reshape(-1)");
    assertShape(new long[] {6}, x.flatten(), "flatten");
    assertShape(new long[] {2, 1, 3}, x.expandDims(1), "expandDims(1)");
    assertShape(new long[] {2, 3, 1}, x.expandDims(-1), "expandDims(-1)");
    assertShape(new long[] {1, 2, 3}, x.expandDims(0), "expandDims(0)");
    Tensor y = Tensor.zeros(1, 2, 1, 3);
    assertShape(new long[] {2, 3}, y.squeeze(), "squeeze()");
    assertShape(new long[] {2, 1, 3}, y.squeeze(0), "squeeze(0)");
    assertShape(new long[] {2, 3}, y.squeeze(0, -2), "squeeze(0, -2)");
    assertTensor(new long[] {3, 2}, new double[] {0, 1, 2, 3, 4, 5}, x.reshape(3, 2), 0, "reshape keeps row-major order");
  }

  @Test
  void transposes() {
    Tensor x = Tensor.arange(0, 24).reshape(2, 3, 4);
    assertShape(new long[] {4, 3, 2}, x.transpose(), "transpose()");
    assertShape(new long[] {4, 3, 2}, x.T(), "T()");
    assertShape(new long[] {3, 4, 2}, x.transpose(1, 2, 0), "transpose(1, 2, 0)");
    assertShape(new long[] {2, 4, 3}, x.swapAxes(1, 2), "swapAxes(1, 2)");
    assertShape(new long[] {4, 3, 2}, x.swapAxes(0, -1), "swapAxes(0, -1)");
    Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertTensor(new long[] {3, 2}, new double[] {1, 4, 2, 5, 3, 6}, m.T(), 0, "matrix transpose");
    assertTensor(new long[] {2}, new double[] {5, 17}, x.transpose(1, 2, 0).get(1, 1), 0, "x[:, 1, 1] through a permutation");
  }

  @Test
  void broadcastTo() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    Tensor b = x.broadcastTo(2, 3);
    assertTensor(new long[] {2, 3}, new double[] {1, 2, 3, 1, 2, 3}, b, 0, "broadcastTo");
    b.sum().backward();
    assertTensor(new long[] {3}, new double[] {2, 2, 2}, x.grad(), 0, "broadcastTo sums the gradient back");
    assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(2, 4));
  }

  @Test
  void slicesFollowPythonsRules() {
    Tensor x = Tensor.arange(0, 10);
    // {start, stop, step} and Python's list(range(10))[start:stop:step]
    long[][] slices = {{2, 7, 1}, {-3, 10, 1}, {0, 100, 3}, {-100, 3, 1}, {8, 2, -2}, {-1, -11, -3},
        {5, 5, 1}, {3, 1, 1}, {100, -100, -4}, {2, -1, 2}, {-2, -100, -1}, {Long.MAX_VALUE, Long.MIN_VALUE, -5}};
    double[][] python = {{2, 3, 4, 5, 6}, {7, 8, 9}, {0, 3, 6, 9}, {0, 1, 2}, {8, 6, 4}, {9, 6, 3, 0},
        {}, {}, {9, 5, 1}, {2, 4, 6, 8}, {8, 7, 6, 5, 4, 3, 2, 1, 0}, {9, 4}};
    for (int i = 0; i < slices.length; i++) {
      long[] s = slices[i];
      assertTensor(new long[] {python[i].length}, python[i], x.slice(0, s[0], s[1], s[2]), 0,
          "x[" + s[0] + ":" + s[1] + ":" + s[2] + "]");
    }
    assertTensor(new long[] {3}, new double[] {1, 2, 3}, x.slice(0, 1, 4), 0, "slice without a step");
    Tensor m = Tensor.arange(0, 12).reshape(3, 4);
    assertTensor(new long[] {3, 2}, new double[] {3, 1, 7, 5, 11, 9}, m.slice(1, -1, 0, -2), 0, "m[:, -1:0:-2]");
  }

  @Test
  void flipAndGet() {
    Tensor m = Tensor.arange(0, 6).reshape(2, 3);
    assertTensor(new long[] {2, 3}, new double[] {2, 1, 0, 5, 4, 3}, m.flip(1), 0, "flip(1)");
    assertTensor(new long[] {2, 3}, new double[] {3, 4, 5, 0, 1, 2}, m.flip(0), 0, "flip(0)");
    assertTensor(new long[] {2, 3}, new double[] {5, 4, 3, 2, 1, 0}, m.flip(), 0, "flip()");
    assertTensor(new long[] {3}, new double[] {3, 4, 5}, m.get(-1), 0, "get(-1)");
    assertTensor(new long[0], new double[] {4}, m.get(1, -2), 0, "get(1, -2)");
    assertTensor(new long[0], new double[] {2}, m.get(0, 2), 0, "get(0, 2)");
  }

  @Test
  void concatStackAndPad() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new double[][] {{5, 6}});
    assertTensor(new long[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6}, Tensor.concat(0, a, b), 0, "concat(0)");
    Tensor nines = Tensor.full(9, 2, 1);
    assertTensor(new long[] {2, 3}, new double[] {1, 2, 9, 3, 4, 9}, Tensor.concat(-1, a, nines), 0, "concat(-1)");
    Tensor mixed = Tensor.concat(0, Tensor.of(1, 2), Tensor.of(new double[] {0.5}));
    assertEquals(DType.FLOAT64, mixed.dtype(), "concat promotes");
    assertTensor(new long[] {3}, new double[] {1, 2, 0.5}, mixed, 0, "concat of int32 and float64");
    assertTensor(new long[] {2, 2, 2}, new double[] {1, 2, 3, 4, 1, 2, 3, 4}, Tensor.stack(0, a, a), 0, "stack(0)");
    assertTensor(new long[] {2, 2, 2}, new double[] {1, 1, 2, 2, 3, 3, 4, 4}, Tensor.stack(2, a, a), 0, "stack(2)");
    assertTensor(new long[] {3, 4}, new double[] {0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0},
        a.pad(new long[] {1, 0}, new long[] {0, 2}), 0, "pad with zeros");
    assertTensor(new long[] {2, 3}, new double[] {-1, 1, 2, -1, 3, 4},
        a.pad(new long[] {0, 1}, new long[] {0, 0}, -1), 0, "pad with -1");
  }

  // ------------------------------------------------------------------ types, copies, devices

  @Test
  void castsTruncateTowardZero() {
    Tensor x = Tensor.of(1.7, -1.7, 2.5, -0.2);
    Tensor i = x.to(DType.INT32);
    assertEquals(DType.INT32, i.dtype());
    assertTrue(i.isConstant(), "an integer cast is a constant");
    assertExact(new double[] {1, -1, 2, 0}, i, "float → int32");
    assertExact(new double[] {1, -1, 2, 0}, x.to(DType.INT64), "float → int64");
    assertExact(new double[] {1, 1, 1, 1}, x.to(DType.BOOL), "float → bool");
    assertExact(new double[] {1, 0}, Tensor.of(true, false).to(DType.FLOAT64), "bool → float");
    assertEquals(DType.FLOAT32, x.to(DType.FLOAT32).dtype());
    assertTensor(new long[] {4}, new double[] {1.7f, -1.7f, 2.5f, -0.2f}, x.to(DType.FLOAT32), 0, "float64 → float32");
  }

  @Test
  void toTheSameDeviceKeepsValuesAndGradients() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = x.to(device());
    assertEquals(device(), y.device());
    assertTensor(new long[] {2}, new double[] {1, 2}, y, 0, "values");
    y.mul(3).sum().backward();
    assertTensor(new long[] {2}, new double[] {3, 3}, x.grad(), 0, "gradient through to(Device)");
  }

  @Test
  void detachSharesDataAndIsAConstant() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor d = x.detach();
    assertTrue(d.isConstant());
    x.assign(Tensor.of(5.0, 6.0));
    assertTensor(new long[] {2}, new double[] {5, 6}, d, 0, "detach shares data");
    x.mul(d).sum().backward();
    assertTensor(new long[] {2}, new double[] {5, 6}, x.grad(), 0, "no gradient flows through detach");
  }

  @Test
  void asVariableMakesANewLeaf() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor y = x.exp();
    Tensor leaf = y.asVariable();
    assertFalse(leaf.isConstant());
    assertTensor(new long[] {2}, y.toDoubleArray(), leaf, 0, "same values");
    leaf.mul(2).sum().backward();
    assertTensor(new long[] {2}, new double[] {2, 2}, leaf.grad(), 0, "gradient stops at the new leaf");
    assertNull(x.grad(), "nothing flows past asVariable");
    Tensor c = Tensor.constant(3.0).asVariable();
    assertFalse(c.isConstant(), "a constant made a variable");
  }

  @Test
  void copyIsIndependentMemoryAndDifferentiable() {
    Tensor x = Tensor.of(1.0, 2.0);
    Tensor c = x.copy();
    Autodiff.noGrad(() -> x.assign(Tensor.of(7.0, 8.0)));
    assertTensor(new long[] {2}, new double[] {1, 2}, c, 0, "copy keeps its values");
    Tensor z = Tensor.of(3.0, 4.0);
    z.copy().square().sum().backward();
    assertTensor(new long[] {2}, new double[] {6, 8}, z.grad(), 0, "copy is the identity for gradients");
  }

  // ------------------------------------------------------------------ autodiff state

  @Test
  void gradientsAccumulateUntilZeroGrad() {
    Tensor x = Tensor.of(1.0, -2.0);
    x.square().sum().backward();
    x.square().sum().backward();
    assertTensor(new long[] {2}, new double[] {4, -8}, x.grad(), 0, "two backward() calls accumulate");
    x.zeroGrad();
    assertNull(x.grad(), "zeroGrad forgets the gradient");
    x.mul(3).sum().backward();
    assertTensor(new long[] {2}, new double[] {3, 3}, x.grad(), 0, "a fresh gradient after zeroGrad");
  }

  @Test
  void backwardWithASeed() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    x.mul(2).backward(Tensor.of(1.0, 2.0, 3.0));
    assertTensor(new long[] {3}, new double[] {2, 4, 6}, x.grad(), 0, "backward(seed)");
    Tensor y = Tensor.of(1.0, 2.0, 3.0);
    y.mul(2).backward(Tensor.of(2.0));
    assertTensor(new long[] {3}, new double[] {4, 4, 4}, y.grad(), 0, "a 0-d seed broadcasts");
  }

  @Test
  void gradHasTheVariablesShapeDtypeAndDevice() {
    Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    x.sum().backward();
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertShape(new long[] {2, 2}, x.grad(), "grad shape");
    assertEquals(device(), x.grad().device());
    Tensor y = Tensor.of(2.0);
    y.mul(y.to(DType.FLOAT32)).backward();
    assertEquals(DType.FLOAT64, y.grad().dtype(), "a mixed-precision path still gives the leaf's dtype");
    assertTensor(new long[0], new double[] {4}, y.grad(), 0, "d(y·y)");
  }

  @Test
  void scopeAndKeep() {
    Tensor kept;
    Tensor dropped;
    try (Scope scope = Tensor.scope()) {
      kept = scope.keep(Tensor.of(1.0).add(1));
      dropped = Tensor.of(3.0).mul(2);
    }
    assertFalse(kept.isClosed());
    assertTrue(dropped.isClosed());
    assertEquals(2.0, kept.item());
  }

  // ------------------------------------------------------------------ dtype promotion

  @Test
  void dtypePromotion() {
    assertEquals(DType.FLOAT32, Tensor.of(1, 2).add(Tensor.of(1f, 2f)).dtype(), "int32 + float32");
    assertEquals(DType.FLOAT32, Tensor.of(1f, 2f).mul(2.0).dtype(), "float32 · 2.0 stays float32");
    assertEquals(DType.FLOAT64, Tensor.of(1f).add(Tensor.of(1.0)).dtype(), "float32 + float64");
    Tensor q = Tensor.of(1, 3).div(Tensor.of(2, 2));
    assertEquals(DType.FLOAT64, q.dtype(), "int / int");
    assertTensor(new long[] {2}, new double[] {0.5, 1.5}, q, 0, "true division");
    assertEquals(DType.FLOAT64, Tensor.of(1, 2).exp().dtype(), "exp of int");
    assertEquals(DType.FLOAT64, Tensor.of(1, 2).mean().dtype(), "mean of int");
    assertEquals(DType.FLOAT64, Tensor.of(1, 2).add(0.5).dtype(), "int + a Java double");
    Tensor bools = Tensor.of(true, true, false);
    assertEquals(DType.INT64, bools.sum().dtype(), "bool sum");
    assertEquals(2.0, bools.sum().item());
    assertEquals(DType.INT64, Tensor.of(1, 2).sum().dtype(), "int32 sum");
    assertEquals(DType.INT64, Tensor.of(1, 2).add(Tensor.of(1L)).dtype(), "int32 + int64");
  }

  @Test
  void integerOpsStayInteger() {
    Tensor a = Tensor.of(1, -2, 3);
    Tensor s = a.add(Tensor.of(10, 20, 30));
    assertEquals(DType.INT32, s.dtype());
    assertExact(new double[] {11, 18, 33}, s, "int add");
    assertEquals(DType.INT32, a.mul(a).dtype());
    assertExact(new double[] {1, 4, 9}, a.mul(a), "int mul");
    assertEquals(DType.INT32, a.neg().dtype());
    assertEquals(DType.INT32, a.abs().dtype());
    assertExact(new double[] {1, 2, 3}, a.abs(), "int abs");
    assertEquals(DType.INT32, a.max().dtype());
    assertExact(new double[] {3}, a.max(), "int max");
    Tensor am = a.argmax(0);
    assertEquals(DType.INT64, am.dtype());
    assertExact(new double[] {2}, am, "argmax");
    assertExact(new double[] {1}, a.argmin(0), "argmin");
    Tensor big = Tensor.of(3_000_000_000L, 1L);
    assertExact(new double[] {3_000_000_001L}, big.sum(), "int64 sum is exact");
  }
}
