package dev.fluxion.cli;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Algebra;

/** Evaluates a parsed formula with tensors: {@code x} is the sweep's points, numbers are 0-d constants. */
final class TensorAlgebra implements Algebra<Tensor> {
  private final Tensor x;
  private final DType dtype;
  private final Device device;

  TensorAlgebra(Tensor x) {
    this.x = x;
    this.dtype = x.dtype();
    this.device = x.device();
  }

  @Override
  public Tensor constant(double value) {
    return Tensor.scalar(value, dtype, device);
  }

  @Override
  public Tensor variable() {
    return x;
  }

  @Override
  public Tensor add(Tensor a, Tensor b) {
    return a.add(b);
  }

  @Override
  public Tensor sub(Tensor a, Tensor b) {
    return a.sub(b);
  }

  @Override
  public Tensor mul(Tensor a, Tensor b) {
    return a.mul(b);
  }

  @Override
  public Tensor div(Tensor a, Tensor b) {
    return a.div(b);
  }

  @Override
  public Tensor pow(Tensor a, Tensor b) {
    return a.pow(b);
  }

  @Override
  public Tensor neg(Tensor a) {
    return a.neg();
  }

  @Override
  public Tensor apply(String function, Tensor a) {
    return switch (function) {
      case "square" -> a.square();
      case "sqrt" -> a.sqrt();
      case "exp" -> a.exp();
      case "log" -> a.log();
      case "log1p" -> a.log1p();
      case "expm1" -> a.expm1();
      case "sin" -> a.sin();
      case "cos" -> a.cos();
      case "tan" -> a.tan();
      case "asin" -> a.asin();
      case "acos" -> a.acos();
      case "atan" -> a.atan();
      case "sinh" -> a.sinh();
      case "cosh" -> a.cosh();
      case "tanh" -> a.tanh();
      case "sigmoid" -> a.sigmoid();
      case "relu" -> a.relu();
      case "abs" -> a.abs();
      case "sign" -> a.sign();
      case "sinc" -> a.sinc();
      case "erf" -> a.erf();
      case "reciprocal" -> a.reciprocal();
      default -> throw new IllegalArgumentException("unknown function " + function);
    };
  }
}
