package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Tensor;
import org.junit.jupiter.api.Test;

/** The worked examples of the issue (MyGrad's documentation style), to 1e-6 relative. */
public abstract class SeedExampleTests extends DeviceTest {
  private static final double TOL = 1e-6;

  @Test
  void derivativeOfSquareAtFive() {
    Tensor x = Tensor.of(5.0);
    Tensor y = x.mul(x);
    y.backward();
    assertRelative(new long[0], new double[] {10}, x.grad(), TOL, "d(x²)/dx at 5");
    assertEquals("Tensor(25.)", y.toString());
  }

  @Test
  void elementwiseSquareOfAVector() {
    Tensor x = Tensor.of(2.0, -4.0, 1.0, 3.0);
    x.pow(2).backward();
    assertRelative(new long[] {4}, new double[] {4, -8, 2, 6}, x.grad(), TOL, "d(x**2)/dx");
    assertEquals("Tensor([ 4., -8.,  2.,  6.])", x.grad().toString());
  }

  @Test
  void partialDerivativesOfTwoVariables() {
    Tensor x = Tensor.of(10.0);
    Tensor y = Tensor.of(20.0);
    x.square().add(y).backward();
    assertRelative(new long[0], new double[] {20}, x.grad(), TOL, "∂f/∂x");
    assertRelative(new long[0], new double[] {1}, y.grad(), TOL, "∂f/∂y");
  }

  @Test
  void gradientOfASumOfSquares() {
    Tensor x = Tensor.of(-1.0, 4.0, 6.0);
    x.square().sum().backward();
    assertRelative(new long[] {3}, new double[] {-2, 8, 12}, x.grad(), TOL, "∇ sum(x²)");
  }

  @Test
  void constantsGetNoGradient() {
    Tensor x = Tensor.of(3.0);
    Tensor c = Tensor.constant(2.0);
    x.pow(c).backward();
    assertRelative(new long[0], new double[] {6}, x.grad(), TOL, "d(x^c)/dx");
    assertNull(c.grad(), "a constant's grad()");
  }

  @Test
  void derivativeOfAComplicatedFunction() {
    // f(x) = exp(atan(82x³ + log x)) · sqrt(25·x^(1/22930) + 39·e^(2/x) − sin x)
    Tensor x = Tensor.arange(1, 11);
    Tensor inner = x.pow(3).mul(82).add(x.log()).atan().exp();
    Tensor root = x.pow(1.0 / 22930).mul(25).add(x.rdiv(2).exp().mul(39)).sub(x.sin()).sqrt();
    inner.mul(root).backward();
    assertRelative(new long[] {10}, new double[] {
        -7.44764313e+01, -1.09475963e+01, -3.78281290e+00, -1.86451297e+00, -1.29207692e+00,
        -1.07197583e+00, -7.90459238e-01, -3.96212428e-01, -8.16203127e-02, -3.17648949e-02},
        x.grad(), TOL, "f'(1..10)");
  }

  @Test
  void gradientDescentOnAParabola() {
    double[] expected = {4.2, 6.48, 7.392, 7.7568, 7.90272, 7.961088, 7.9844352, 7.99377408, 7.99750963, 7.99900385};
    Tensor x = Tensor.of(-1.5);
    for (int step = 0; step < expected.length; step++) {
      x.sub(8).square().backward();
      Tensor grad = x.grad();
      assertNotNull(grad, "grad at step " + step);
      Tensor updated = Autodiff.noGrad(() -> x.sub(grad.mul(0.3)));
      x.assign(updated);
      x.zeroGrad();
      assertRelative(new long[0], new double[] {expected[step]}, x, TOL, "x after step " + (step + 1));
    }
  }

  @Test
  void gradientOfADotProductWithItself() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    x.mul(x).sum().backward();
    assertRelative(new long[] {3}, new double[] {2, 4, 6}, x.grad(), TOL, "∇ sum(x·x)");
  }

  @Test
  void productWithItsReverse() {
    Tensor t = Tensor.of(2.0, 4.0, 8.0);
    t.mul(t.flip()).backward();
    assertRelative(new long[] {3}, new double[] {16, 8, 4}, t.grad(), TOL, "d(t·reverse(t))/dt");
  }

  @Test
  void matrixTimesItsTranspose() {
    Tensor x = Tensor.of(new double[][] {{0, 1, 2}, {3, 4, 5}});
    assertRelative(new long[] {2, 2}, new double[] {5, 14, 14, 50}, x.matmul(x.T()), TOL, "x @ x.T");
    assertRelative(new long[] {2}, new double[] {3, 12}, x.sum(1), TOL, "x.sum(1)");
  }

  @Test
  void linspace() {
    Tensor t = Tensor.linspace(0, 10, 5);
    assertRelative(new long[] {5}, new double[] {0, 2.5, 5, 7.5, 10}, t, TOL, "linspace(0, 10, 5)");
    assertEquals("Tensor([ 0. ,  2.5,  5. ,  7.5, 10. ])", t.toString());
  }

  @Test
  void float32PrintsItsDtype() {
    Tensor x = Tensor.of(1.5f, -2f);
    assertEquals(DType.FLOAT32, x.dtype());
    assertEquals("Tensor([ 1.5, -2. ], dtype=float32)", x.toString());
    x.square().sum().backward();
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertEquals("Tensor([ 3., -4.], dtype=float32)", x.grad().toString());
  }
}
