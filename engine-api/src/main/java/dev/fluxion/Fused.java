package dev.fluxion;

import dev.fluxion.spi.FusedProgram;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An elementwise function compiled into one pass over memory: the body, written with ordinary
 * {@link Tensor} operations, is traced once per dtype and input shapes into a program of
 * primitive instructions that the device runs element by element, keeping intermediates in
 * registers or cache instead of full-size tensors. The results equal the body's (computed in
 * the program's dtype, op by op, with the same kernels as the unfused ops on the CPU), and
 * they are differentiable, batchable and nestable like any primitive.
 *
 * <p>The body may use only elementwise operations (arithmetic, math functions, comparisons,
 * {@code where}, broadcasting) on its inputs and Java scalars — and transforms of them:
 * a body may itself call {@link Autodiff#vjp} or {@link Autodiff#jvp} of an elementwise
 * function, so that a function and its derivative run in one pass.
 *
 * <p>Each result may end in a reduction — {@code sum}, {@code max} or {@code min} over axes of
 * the inputs' broadcast shape — as long as every result is reduced over the same axes and no
 * reduced value is used again: the program then folds its values into the reduced outputs in
 * the same pass ({@code Σ (f(x) − y)²} reads x and y once and writes one number).
 *
 * <pre>{@code
 * Fused sgd = Fused.of("sgd", 3, t -> new Tensor[] {t[0].sub(t[1].mul(t[2]))}); // p - lr*g
 * Tensor next = sgd.apply(p, g, lr)[0];
 * Fused sse = Fused.of("sse", 2, t -> new Tensor[] {t[0].sub(t[1]).square().sum()});
 * }</pre>
 * The derivatives of a fused function are fused programs again (one pass for a backward),
 * except for bodies ending in max or min, which differentiate op by op. A device whose backend
 * does not run fused programs runs the body op by op (the body is still traced, so that it is
 * checked the same way on every device).
 */
public final class Fused {
  private final String name;
  private final int arity;
  private final Function<Tensor[], Tensor[]> body;
  private final Map<String, TracedProgram> programs = new ConcurrentHashMap<>();

  private Fused(String name, int arity, Function<Tensor[], Tensor[]> body) {
    this.name = name;
    this.arity = arity;
    this.body = body;
  }

  /**
   * A fused function of {@code arity} tensors returning one or more tensors.
   *
   * @param name used in error messages and kernel names
   */
  public static Fused of(String name, int arity, Function<Tensor[], Tensor[]> body) {
    if (arity < 1) {
      throw new IllegalArgumentException("Fused '" + name + "': needs at least one input, got " + arity);
    }
    return new Fused(name, arity, body);
  }

  public String name() {
    return name;
  }

  /**
   * Runs the program on inputs of one floating dtype and device, broadcasting them; returns the
   * body's results, each of the broadcast shape (or, for a body whose results are reductions,
   * of the reduced shape).
   */
  public Tensor[] apply(Tensor... inputs) {
    long[] shape = checkInputs(inputs);
    TracedProgram traced = program(inputs);
    if (!inputs[0].device().backend().supportsFused()) {
      return broadcastAll(body.apply(inputs), traced.outShape);
    }
    return traced.split(Dispatcher.apply(new FusedPrim(traced), inputs));
  }

  /**
   * Runs the program and writes its results into {@code targets} in place, one pass in all —
   * an optimizer's update. Like {@link Tensor#assign}, it is never recorded and follows the
   * assign rule (a later backward() that needs the overwritten values throws). Each target must
   * have the results' shape (the inputs' broadcast shape, or the reduced shape), dtype and device;
   * a target may also be an input (read before written). Every target is checked before any is
   * written, on every device: a call that throws changes nothing.
   */
  public void assign(Tensor[] targets, Tensor... inputs) {
    long[] shape = checkInputs(inputs);
    TracedProgram traced = program(inputs);
    checkCount(targets, traced.outputs());
    if (!inputs[0].device().backend().supportsFused()) {
      Tensor[] results = Autodiff.noGrad(() -> broadcastAll(body.apply(inputs), traced.outShape));
      for (int i = 0; i < targets.length; i++) {
        Tensor r = results[i];
        Inplace.checkWritable("Fused '" + name + "'.assign", targets[i], r.shape(), r.dtype(), r.device());
      }
      for (int i = 0; i < targets.length; i++) {
        targets[i].assign(results[i]);
      }
      return;
    }
    Inplace.assignFused("Fused '" + name + "'.assign", traced.program, targets, inputs, shape, traced.outShape);
  }

  private void checkCount(Tensor[] targets, int outputs) {
    if (targets.length != outputs) {
      throw new IllegalArgumentException("Fused '" + name + "'.assign: the body returns " + outputs
          + " tensors but " + targets.length + " targets were given");
    }
  }

  /** Validates the inputs and returns their broadcast shape. */
  private long[] checkInputs(Tensor[] inputs) {
    if (inputs.length != arity) {
      throw new IllegalArgumentException("Fused '" + name + "': takes " + arity + " inputs, got " + inputs.length);
    }
    DType dtype = inputs[0].dtype();
    Device device = inputs[0].device();
    long[] shape = new long[0];
    for (Tensor t : inputs) {
      t.checkOpen("Fused '" + name + "'");
      if (t.dtype() != dtype || !dtype.isFloating()) {
        throw new IllegalArgumentException("Fused '" + name + "': inputs must share one floating dtype, got "
            + dtype.numpyName() + " and " + t.dtype().numpyName());
      }
      if (t.device() != device) {
        throw new IllegalArgumentException("Fused '" + name + "': inputs are on different devices, " + device.name()
            + " and " + t.device().name());
      }
      shape = Shape.broadcast("Fused '" + name + "'", shape, t.shapeRef());
    }
    return shape;
  }

  private TracedProgram program(Tensor[] inputs) {
    DType dtype = inputs[0].dtype();
    Device device = inputs[0].device();
    return programs.computeIfAbsent(key(dtype, inputs), k -> {
      long[][] shapes = new long[inputs.length][];
      for (int i = 0; i < inputs.length; i++) {
        shapes[i] = inputs[i].shapeRef().clone();
      }
      return TracedProgram.trace(name, dtype, shapes, device, body);
    });
  }

  private Tensor[] broadcastAll(Tensor[] results, long[] shape) {
    if (results == null || results.length == 0) {
      throw new IllegalArgumentException("Fused '" + name + "': the body must return at least one tensor");
    }
    Tensor[] out = new Tensor[results.length];
    for (int i = 0; i < results.length; i++) {
      out[i] = results[i].broadcastTo(shape);
    }
    return out;
  }

  private static String key(DType dtype, Tensor[] inputs) {
    StringBuilder b = new StringBuilder(dtype.name());
    for (Tensor t : inputs) {
      b.append(Arrays.toString(t.shapeRef()));
    }
    return b.toString();
  }

  /** The programs traced so far (for tests and diagnostics). */
  List<FusedProgram> programs() {
    return programs.values().stream().map(t -> t.program).toList();
  }
}
