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
 * <pre>{@code
 * Fused sgd = Fused.of("sgd", 3, t -> new Tensor[] {t[0].sub(t[1].mul(t[2]))}); // p - lr*g
 * Tensor next = sgd.apply(p, g, lr)[0];
 * }</pre>
 * Devices without fused kernels run the body op by op (the body is still traced, so that it is
 * checked the same way on every device).
 */
public final class Fused {
  private final String name;
  private final int arity;
  private final Function<Tensor[], Tensor[]> body;
  private final Map<String, FusedProgram> programs = new ConcurrentHashMap<>();

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
   * body's results, each of the broadcast shape.
   */
  public Tensor[] apply(Tensor... inputs) {
    long[] shape = checkInputs(inputs);
    FusedProgram program = program(inputs, shape);
    if (!inputs[0].device().backend().supportsFused()) {
      return broadcastAll(body.apply(inputs), shape);
    }
    Tensor stacked = Dispatcher.apply(new FusedPrim(this, program), inputs);
    Tensor[] results = new Tensor[program.outputs().length];
    for (int i = 0; i < results.length; i++) {
      results[i] = stacked.get(i);
    }
    return results;
  }

  /**
   * Runs the program and writes its results into {@code targets} in place, one pass in all —
   * an optimizer's update. Like {@link Tensor#assign}, it is never recorded and follows the
   * assign rule (a later backward() that needs the overwritten values throws). Each target must
   * have the inputs' broadcast shape, dtype and device; a target may also be an input (read
   * before written). Every target is checked before any is written, on every device: a call
   * that throws changes nothing.
   */
  public void assign(Tensor[] targets, Tensor... inputs) {
    long[] shape = checkInputs(inputs);
    FusedProgram program = program(inputs, shape);
    checkCount(targets, program.outputs().length);
    if (!inputs[0].device().backend().supportsFused()) {
      Tensor[] results = Autodiff.noGrad(() -> broadcastAll(body.apply(inputs), shape));
      for (int i = 0; i < targets.length; i++) {
        Tensor r = results[i];
        Inplace.checkWritable("Fused '" + name + "'.assign", targets[i], r.shape(), r.dtype(), r.device());
      }
      for (int i = 0; i < targets.length; i++) {
        targets[i].assign(results[i]);
      }
      return;
    }
    Inplace.assignFused("Fused '" + name + "'.assign", program, targets, inputs, shape);
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

  private FusedProgram program(Tensor[] inputs, long[] shape) {
    DType dtype = inputs[0].dtype();
    Device device = inputs[0].device();
    return programs.computeIfAbsent(key(dtype, inputs), k -> trace(dtype, inputs, shape, device));
  }

  /** The body's results broadcast to the inputs' shape and stacked on a new axis 0 (the unfused form). */
  Tensor stacked(Tensor[] inputs) {
    long[] shape = new long[0];
    for (Tensor t : inputs) {
      shape = Shape.broadcast("Fused '" + name + "'", shape, t.shapeRef());
    }
    return Tensor.stack(0, broadcastAll(body.apply(inputs), shape));
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

  private FusedProgram trace(DType dtype, Tensor[] inputs, long[] shape, Device device) {
    FuseLevel level = new FuseLevel(name, dtype, shape, inputs.length);
    level.open();
    try {
      Tensor[] symbols = new Tensor[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        symbols[i] = level.input(i, inputs[i].shapeRef(), device);
      }
      Tensor[] results = body.apply(symbols);
      if (results == null || results.length == 0) {
        throw new IllegalArgumentException("Fused '" + name + "': the body must return at least one tensor");
      }
      return level.program(results);
    } finally {
      level.finish();
    }
  }

  /** The programs traced so far (for tests and diagnostics). */
  List<FusedProgram> programs() {
    return List.copyOf(programs.values());
  }
}
