package dev.fluxion;

import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A function compiled by {@link Autodiff#jit}/{@link Autodiff#jitN}: a bounded LRU cache of
 * {@link JitPlan}s, one per input signature (dtype, shape, strides and device of every input).
 * The first call with a signature traces: it runs the function eagerly (so its results are the
 * eager ones) while the device records every backend call, then lowers the recording into a
 * plan. Later calls with that signature replay the plan.
 *
 * <p>The inputs are constants of the trace (a variable is detached), so the results are
 * constants too: {@code backward()} from a result does not reach the inputs — compile the
 * gradient instead ({@code jit(grad(f))}). The function runs uncompiled, as if jit were absent,
 * when a transform is active on the thread or an input is traced by one ({@code grad(jit(f))},
 * {@code vmap(jit(f))}: the outer transform sees every primitive), and inside another jit's trace
 * (the outer one records it).
 */
public final class Jit implements Function<Tensor[], Tensor[]> {
  /** Plans kept per function; the least recently used is dropped beyond this. */
  public static final int DEFAULT_CACHE_SIZE = 8;

  private final String name;
  private final Function<Tensor[], Tensor[]> f;
  private final int cacheSize;
  private final LinkedHashMap<String, JitPlan> plans;
  private int traces;
  private JitPlan last;

  Jit(String name, Function<Tensor[], Tensor[]> f, int cacheSize) {
    this.name = name;
    this.f = f;
    this.cacheSize = cacheSize;
    this.plans = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JitPlan> eldest) {
        if (size() > Jit.this.cacheSize) {
          eldest.getValue().close();
          return true;
        }
        return false;
      }
    };
  }

  @Override
  public synchronized Tensor[] apply(Tensor[] inputs) {
    check(inputs);
    if (!compilable(inputs)) {
      return f.apply(inputs);
    }
    Tensor[] in = materialized(inputs);
    String key = signature(in);
    JitPlan plan = plans.get(key);
    if (plan != null) {
      last = plan;
      return plan.run(in);
    }
    return trace(key, in);
  }

  private Tensor[] trace(String key, Tensor[] in) {
    Device device = in.length == 0 ? Device.defaultDevice() : in[0].device();
    JitRecorder rec = new JitRecorder(device, device.rawBackend());
    for (int i = 0; i < in.length; i++) {
      rec.input(i, in[i].liveView(name));
    }
    Tensor[] results;
    rec.install();
    try {
      results = f.apply(in);
    } finally {
      rec.uninstall();
    }
    if (results == null) {
      throw new IllegalArgumentException(name + ": the function returned null; return an array of tensors");
    }
    for (int j = 0; j < results.length; j++) {
      Tensor r = results[j];
      if (r == null) {
        throw new IllegalArgumentException(name + ": result " + j + " is null");
      }
      if (r.tracer != null || r.device() != device) {
        // a value of an outer transform leaked in through a closure, or the result is elsewhere: run uncompiled
        rec.retained.forEach(Storage::release);
        return results;
      }
      r.checkOpen(name);
    }
    traces++;
    JitPlan plan = new JitPlan(rec, in, results, rec.retained);
    plans.put(key, plan);
    last = plan;
    return results;
  }

  private void check(Tensor[] inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(name + ": the inputs are null");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new IllegalArgumentException(name + ": input " + i + " is null");
      }
      inputs[i].checkOpen(name);
      if (inputs[i].device() != inputs[0].device()) {
        throw new IllegalArgumentException(name + ": inputs are on different devices, " + inputs[0].device().name()
            + " and " + inputs[i].device().name() + "; move one with to(Device)");
      }
    }
  }

  private static boolean compilable(Tensor[] inputs) {
    ThreadState ts = ThreadState.get();
    if (ts.activeTransforms > 0 || JitRecorder.current() != null) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t.tracer != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The inputs as constants of the trace (detached: a compiled function's results are not on the
   * tape); immediate scalars, whose ops would be folded into constants, become buffers first.
   */
  private static Tensor[] materialized(Tensor[] inputs) {
    Tensor[] out = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      out[i] = inputs[i].isVariable() ? inputs[i].detach() : inputs[i];
      if (inputs[i].liveView("jit").buffer() instanceof ImmediateBuffer imm) {
        Tensor t = inputs[i];
        double[] v = new double[(int) Shape.size(t.shapeRef())];
        Arrays.fill(v, imm.value());
        out[i] = Tensor.from(v, t.dtype(), t.device(), true, t.shapeRef());
      }
    }
    return out;
  }

  /**
   * Dtype, shape, strides and device of every input, and which inputs share a buffer (at which
   * relative offset): a plan binds each input's buffer once.
   */
  private static String signature(Tensor[] in) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < in.length; i++) {
      View v = in[i].liveView("jit");
      b.append(in[i].dtype().name()).append(Arrays.toString(v.shape())).append(Arrays.toString(v.strides()))
          .append(in[i].device().name());
      for (int j = 0; j < i; j++) {
        View w = in[j].liveView("jit");
        if (w.buffer() == v.buffer()) {
          b.append(" shares ").append(j).append(" at ").append(v.offset() - w.offset());
          break;
        }
      }
      b.append(';');
    }
    return b.toString();
  }

  /** How many times the function was traced (one per new signature, again after an eviction). */
  public synchronized int traces() {
    return traces;
  }

  /** Number of plans in the cache. */
  public synchronized int cachedPlans() {
    return plans.size();
  }

  /**
   * Backend calls one replay of the last plan makes: each is one kernel launch on the CPU and
   * with generated fused kernels (a fused region is one); a device whose fused programs or
   * reductions take several passes launches more.
   */
  public synchronized long launchesPerCall() {
    return last == null ? 0 : last.launches();
  }

  /** The last plan used, one backend call per line (for diagnostics). */
  public synchronized String describePlan() {
    return last == null ? "(not traced yet)" : last.describe();
  }

  /** Drops every plan and frees their buffers. */
  public synchronized void clear() {
    plans.values().forEach(JitPlan::close);
    plans.clear();
    last = null;
  }
}
