package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Algebra;
import java.util.List;

/**
 * Evaluates a parsed formula with tensors: each variable is a tensor of the sweep's points, numbers
 * are 0-d constants of the variables' dtype and device.
 */
public final class TensorAlgebra implements Algebra<Tensor> {
  private final List<String> names;
  private final Tensor[] values;
  private final DType dtype;
  private final Device device;

  /** The formula's variables {@code names[i]} take the values {@code values[i]}. */
  public TensorAlgebra(List<String> names, Tensor... values) {
    if (names.size() != values.length || values.length == 0) {
      throw new IllegalArgumentException("TensorAlgebra: " + names.size() + " names for " + values.length + " tensors");
    }
    this.names = List.copyOf(names);
    this.values = values.clone();
    this.dtype = values[0].dtype();
    this.device = values[0].device();
  }

  /** A formula in {@code x} alone. */
  public TensorAlgebra(Tensor x) {
    this(List.of("x"), x);
  }

  @Override
  public Tensor constant(double value) {
    return Tensor.scalar(value, dtype, device);
  }

  @Override
  public Tensor variable(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no values for the variable " + name + " (have " + names + ")");
    }
    return values[i];
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
