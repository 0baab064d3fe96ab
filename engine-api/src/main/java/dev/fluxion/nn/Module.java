package dev.fluxion.nn;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: a function {@link #forward} of a tensor with named parameters (leaf
 * variables) and named submodules, as PyTorch's {@code nn.Module}.
 *
 * <p>A subclass registers its parameters with {@link #addParameter} and its children with
 * {@link #addModule} in its constructor, and reads them back with {@link #parameter}.
 * Parameter names are dotted paths ({@code "0.weight"}, {@code "fc1.bias"}), as in PyTorch's
 * {@code state_dict}, so files written by {@link #save} name the same tensors.
 *
 * <p><b>Memory.</b> Parameters are ordinary tensors: make models outside any
 * {@link Tensor#scope()} (or keep them), else the scope closes them. A training step goes
 * inside a scope; see {@link Optimizer}.
 *
 * <p><b>Devices.</b> {@link #to(Device)} and {@link #to(DType)} replace every parameter by a
 * new leaf on the target; make the optimizer afterwards, as in PyTorch.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** The output of this module for input {@code x}. */
  public abstract Tensor forward(Tensor x);

  /** Registers a parameter (a floating leaf variable) under a name without dots. */
  protected final Tensor addParameter(String name, Tensor value) {
    checkName(name);
    if (value.isConstant() || !value.isVariable()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
          + "' must be a variable (a floating leaf tensor), got a constant of shape " + Arrays.toString(value.shape()));
    }
    parameters.put(name, value);
    return value;
  }

  /** Registers a child module under a name without dots. */
  protected final <M extends Module> M addModule(String name, M module) {
    checkName(name);
    children.put(name, module);
    return module;
  }

  private void checkName(String name) {
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' must be non-empty and have no dot");
    }
    if (parameters.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
    }
  }

  /** This module's own parameter {@code name} (not a child's). */
  protected final Tensor parameter(String name) {
    Tensor p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
    }
    return p;
  }

  /** This module's own parameter {@code name}, or null when it has none of that name. */
  protected final Tensor parameterOrNull(String name) {
    return parameters.get(name);
  }

  /** The direct children, in registration order. */
  public final Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** Every parameter of this module and its descendants, depth first, in registration order. */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Every parameter by its dotted path ({@code "0.weight"}, {@code "1.bias"}, ...). */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, Map<String, Tensor> out) {
    parameters.forEach((n, p) -> out.put(prefix + n, p));
    children.forEach((n, c) -> c.collect(prefix + n + ".", out));
  }

  /**
   * {@link #forward} with some parameters replaced, by dotted name, by other tensors of the
   * same shape (PyTorch's {@code torch.func.functional_call}): this makes a module a pure
   * function of its parameters, e.g. for {@code Autodiff.vjpN} or {@code GradCheck}. The
   * module's own parameters are back in place when this returns.
   */
  public final Tensor call(Map<String, Tensor> replacements, Tensor x) {
    Map<String, Tensor> own = namedParameters();
    for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
      Tensor p = own.get(e.getKey());
      if (p == null) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ".call: no parameter '" + e.getKey()
            + "'; the parameters are " + own.keySet());
      }
      if (!Arrays.equals(p.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ".call: '" + e.getKey() + "' has shape "
            + Arrays.toString(p.shape()) + ", the replacement " + Arrays.toString(e.getValue().shape()));
      }
    }
    swap(replacements);
    try {
      return forward(x);
    } finally {
      swap(own);
    }
  }

  private void swap(Map<String, Tensor> values) {
    for (Map.Entry<String, Tensor> e : values.entrySet()) {
      String name = e.getKey();
      Module owner = this;
      int dot;
      while ((dot = name.indexOf('.')) >= 0) {
        owner = owner.children.get(name.substring(0, dot));
        name = name.substring(dot + 1);
      }
      owner.parameters.put(name, e.getValue());
    }
  }

  /** Number of scalar parameters. */
  public final long parameterCount() {
    long n = 0;
    for (Tensor p : parameters()) {
      n += p.size();
    }
    return n;
  }

  /** Training mode (the default): dropout drops. Returns this module. */
  public final Module train() {
    setTraining(true);
    return this;
  }

  /** Evaluation mode: dropout is the identity. Returns this module. */
  public final Module eval() {
    setTraining(false);
    return this;
  }

  private void setTraining(boolean on) {
    training = on;
    children.values().forEach(c -> c.setTraining(on));
  }

  /** Whether {@link #forward} draws random numbers now (dropout in training mode): a compiled step would freeze them. */
  boolean drawsRandomNumbers() {
    for (Module c : children.values()) {
      if (c.drawsRandomNumbers()) {
        return true;
      }
    }
    return false;
  }

  public final boolean isTraining() {
    return training;
  }

  /** Forgets the gradients of every parameter. */
  public final void zeroGrad() {
    parameters().forEach(Tensor::zeroGrad);
  }

  /** Moves every parameter to a device (new leaves; the old ones are closed). Returns this module. */
  public final Module to(Device device) {
    return replaceParameters(p -> p.to(device));
  }

  /** Converts every parameter to a floating dtype (new leaves; the old ones are closed). Returns this module. */
  public final Module to(DType dtype) {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".to: parameters must be floating, got "
          + dtype.numpyName());
    }
    return replaceParameters(p -> p.to(dtype));
  }

  private Module replaceParameters(java.util.function.UnaryOperator<Tensor> move) {
    for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
      Tensor old = e.getValue();
      Tensor moved = Autodiff.noGrad(() -> move.apply(old));
      if (moved != old) {
        Tensor leaf = moved.copy().asVariable();
        e.setValue(leaf);
        old.zeroGrad();
        old.close();
      }
    }
    children.values().forEach(c -> c.replaceParameters(move));
    return this;
  }

  /**
   * Writes every parameter to a NumPy {@code .npz} file (one array per dotted name), readable
   * with {@code numpy.load(path)}.
   */
  public final void save(Path path) throws IOException {
    Npz.write(path, namedParameters());
  }

  /**
   * Overwrites every parameter with the array of the same name in an {@code .npz} file. The
   * file must hold exactly this module's names, each with this module's shape and dtype;
   * otherwise an {@link IllegalArgumentException} says which, and no parameter is changed:
   * every entry is checked and moved to the parameters' device before any is written.
   * The parameters are overwritten in place ({@link Tensor#assign}), so optimizers made
   * before keep working; as for any assign, a recorded forward pass made before the load can
   * no longer be differentiated through ops that saved the old parameters.
   */
  public final void load(Path path) throws IOException {
    Map<String, Tensor> mine = namedParameters();
    Map<String, Tensor> read = Npz.read(path, mine.values().iterator().hasNext()
        ? mine.values().iterator().next().device() : Device.defaultDevice());
    List<String> missing = new ArrayList<>();
    for (String n : mine.keySet()) {
      if (!read.containsKey(n)) {
        missing.add(n);
      }
    }
    List<String> extra = new ArrayList<>();
    for (String n : read.keySet()) {
      if (!mine.containsKey(n)) {
        extra.add(n);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException("load " + path + ": the file does not match " + getClass().getSimpleName()
          + (missing.isEmpty() ? "" : "; missing: " + missing) + (extra.isEmpty() ? "" : "; unexpected: " + extra));
    }
    for (Map.Entry<String, Tensor> e : mine.entrySet()) {
      Tensor p = e.getValue();
      Tensor v = read.get(e.getKey());
      if (!Arrays.equals(p.shape(), v.shape()) || p.dtype() != v.dtype()) {
        throw new IllegalArgumentException("load " + path + ": '" + e.getKey() + "' has shape "
            + Arrays.toString(v.shape()) + " and dtype " + v.dtype().numpyName() + " in the file, but the model's is "
            + Arrays.toString(p.shape()) + " " + p.dtype().numpyName());
      }
    }
    List<Tensor> values = new ArrayList<>();
    try {
      for (Map.Entry<String, Tensor> e : mine.entrySet()) {
        Tensor p = e.getValue();
        if (p.isClosed()) {
          throw new IllegalStateException("load " + path + ": the model's parameter '" + e.getKey() + "' was closed");
        }
        values.add(read.get(e.getKey()).to(p.device()));
      }
      int i = 0;
      for (Tensor p : mine.values()) {
        p.assign(values.get(i++));
      }
    } finally {
      values.forEach(Tensor::close);
      read.values().forEach(Tensor::close);
    }
  }

  /** Like PyTorch's repr: the module tree with parameter shapes. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    describe(sb, "");
    return sb.toString();
  }

  /** One line describing this module's own configuration (e.g. {@code Linear(784 → 256)}). */
  protected String describe() {
    return getClass().getSimpleName();
  }

  private void describe(StringBuilder sb, String indent) {
    sb.append(describe());
    if (!children.isEmpty()) {
      sb.append(" (\n");
      children.forEach((n, c) -> {
        sb.append(indent).append("  (").append(n).append("): ");
        c.describe(sb, indent + "  ");
        sb.append('\n');
      });
      sb.append(indent).append(')');
    }
  }
}
