package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A function with its own derivative rules (JAX's {@code custom_vjp}/{@code custom_jvp}, PyTorch's
 * {@code autograd.Function}): a primitive whose value is {@code f} (run at the level below, so
 * nothing inside f is differentiated) and whose rules are the user's.
 *
 * <ul>
 *   <li>VJP: the user's rule {@code vjp(xs, ct)}; without one, the transpose of the JVP rule
 *       (its VJP in the tangent, which is linear), as JAX derives reverse mode of custom_jvp.
 *   <li>JVP: the user's rule {@code jvp(xs, ts)}; without one, forward mode is refused, as JAX
 *       refuses jvp of a custom_vjp function.
 *   <li>vmap: f and both rules mapped by vmap, as a new custom primitive.
 * </ul>
 *
 * Rules are written with Tensor ops, so they are differentiated and batched in turn by outer
 * transforms (grad of grad, hessian, per-example gradients).
 */
final class CustomPrim extends Prim {
  final String name;
  final Function<Tensor[], Tensor> f;
  /** {@code (xs, ct) -> one cotangent per argument}; null for a custom JVP only. */
  final BiFunction<Tensor[], Tensor, Tensor[]> vjpRule;
  /** {@code (xs, ts) -> the output's tangent}; null for a custom VJP only. */
  final BiFunction<Tensor[], Tensor[], Tensor> jvpRule;

  CustomPrim(String name, Function<Tensor[], Tensor> f, BiFunction<Tensor[], Tensor, Tensor[]> vjpRule,
      BiFunction<Tensor[], Tensor[], Tensor> jvpRule) {
    this.name = name;
    this.f = f;
    this.vjpRule = vjpRule;
    this.jvpRule = jvpRule;
  }

  @Override
  String name() {
    return name;
  }

  /** The output is known only by running f: the dispatcher asks for none ({@link Dispatcher}). */
  @Override
  Meta infer(Tensor[] in) {
    return null;
  }

  @Override
  View eval(DeviceBackend backend, View[] in, Meta out) {
    throw new IllegalStateException(name + ": internal error, a custom function runs through evaluate(Tensor[])");
  }

  /**
   * Level 0: f on concrete values, with the tape off (so only this primitive is recorded). The
   * result is always a new tensor, so that recording it never touches an input.
   */
  Tensor evaluate(Tensor[] in) {
    ThreadState st = ThreadState.get();
    st.tapeOff++;
    Tensor y;
    try {
      y = f.apply(in);
    } finally {
      st.tapeOff--;
    }
    if (y == null) {
      throw new IllegalArgumentException(name + ": the function returned null");
    }
    return y.tracer == null && y.tapeNode() != null || isInput(y, in) ? y.detach() : y;
  }

  private static boolean isInput(Tensor y, Tensor[] in) {
    for (Tensor t : in) {
      if (t == y) {
        return true;
      }
    }
    return false;
  }

  @Override
  Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    Tensor[] cts = vjpRule != null ? vjpRule.apply(in, g) : transposedJvp(in, out, g, needs);
    if (cts == null || cts.length != in.length) {
      throw new IllegalArgumentException(name + ": the VJP rule must return one cotangent per argument (" + in.length
          + "), got " + (cts == null ? "null" : cts.length));
    }
    for (int i = 0; i < in.length; i++) {
      if (needs[i] && cts[i] != null) {
        long[] c = cts[i].shapeRef();
        long[] x = in[i].shapeRef();
        if (!java.util.Arrays.equals(c, x)) {
          throw new IllegalArgumentException(name + ": the VJP rule returned a cotangent of shape " + Shape.str(c)
              + " for argument " + i + " of shape " + Shape.str(x));
        }
      }
    }
    return cts;
  }

  /** {@code ct ↦ ctᵀ·∂jvp/∂t}: reverse mode through the JVP rule, which is linear in the tangents. */
  private Tensor[] transposedJvp(Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
    int[] traced = java.util.stream.IntStream.range(0, in.length)
        .filter(i -> needs[i] && in[i].dtype().isFloating()).toArray();
    Tensor[] zeros = new Tensor[traced.length];
    for (int k = 0; k < traced.length; k++) {
      zeros[k] = Tensor.zerosLike(in[traced[k]]);
    }
    Function<Tensor[], Tensor> linear = ts -> {
      Tensor[] all = new Tensor[in.length];
      for (int i = 0; i < in.length; i++) {
        all[i] = Tensor.zerosLike(in[i]);
      }
      for (int k = 0; k < traced.length; k++) {
        all[traced[k]] = ts[k];
      }
      return tangent(in, out, all);
    };
    Tensor[] cts = Autodiff.vjpN(linear, zeros).pullback().apply(g);
    Tensor[] result = new Tensor[in.length];
    for (int k = 0; k < traced.length; k++) {
      result[traced[k]] = cts[k];
    }
    return result;
  }

  @Override
  Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
    if (jvpRule == null) {
      throw new UnsupportedOperationException(name + ": forward mode (jvp, jacfwd, hessian) cannot differentiate a function"
          + " that has only a custom VJP rule, as in JAX; give a JVP rule as well (Autodiff.customVjp(f, vjp, jvp)) or use"
          + " reverse mode (grad, vjp, jacrev)");
    }
    Tensor[] ts = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      ts[i] = t[i] != null ? t[i].broadcastTo(in[i].shapeRef()) : Tensor.zerosLike(in[i]);
    }
    return tangent(in, out, ts);
  }

  /** The JVP rule's tangent, which must have the output's shape (as in JAX). */
  private Tensor tangent(Tensor[] in, Tensor out, Tensor[] ts) {
    Tensor t = jvpRule.apply(in, ts);
    if (t == null || !java.util.Arrays.equals(t.shapeRef(), out.shapeRef())) {
      throw new IllegalArgumentException(name + ": the JVP rule returned a tangent of shape "
          + (t == null ? "null" : Shape.str(t.shapeRef())) + " for an output of shape " + Shape.str(out.shapeRef()));
    }
    return t;
  }

  /** f and the rules, each mapped over the batched arguments (moved to axis 0). */
  @Override
  Batched batch(Tensor[] v, int[] bdims, long size) {
    Tensor[] moved = new Tensor[v.length];
    int[] axes = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      moved[i] = bdims[i] >= 0 ? batchFirst(v[i], bdims[i]) : v[i];
      axes[i] = bdims[i] >= 0 ? 0 : -1;
    }
    Function<Tensor[], Tensor> bf = xs -> mapped(size, axes, xs, f)[0];
    BiFunction<Tensor[], Tensor, Tensor[]> bvjp = vjpRule == null ? null : (xs, ct) -> {
      Tensor[] cts = mapped(size, append(axes, 0), append(xs, ct),
          a -> vjpRule.apply(java.util.Arrays.copyOf(a, xs.length), a[xs.length]));
      for (int i = 0; i < cts.length; i++) {
        if (axes[i] < 0 && cts[i] != null) {
          cts[i] = cts[i].sum(0); // an unbatched argument gets the sum of every member's cotangent
        }
      }
      return cts;
    };
    BiFunction<Tensor[], Tensor[], Tensor> bjvp = jvpRule == null ? null : (xs, ts) -> {
      Tensor[] args = append(xs, ts);
      int[] both = append(axes, axes);
      return mapped(size, both, args, a -> new Tensor[] {jvpRule.apply(java.util.Arrays.copyOf(a, xs.length),
          java.util.Arrays.copyOfRange(a, xs.length, a.length))})[0];
    };
    CustomPrim batched = new CustomPrim(name, bf, bvjp, bjvp);
    return new Batched(Dispatcher.apply(batched, moved), 0);
  }

  /** {@code body} mapped by vmap over the arguments with batch axis 0 ({@code -1}: not batched); results on axis 0. */
  private static Tensor[] mapped(long size, int[] axes, Tensor[] args, Function<Tensor[], ?> body) {
    BatchLevel level = new BatchLevel(size);
    level.open();
    try {
      Tensor[] wrapped = new Tensor[args.length];
      for (int i = 0; i < args.length; i++) {
        wrapped[i] = axes[i] >= 0 ? level.wrap(args[i], axes[i]) : args[i];
      }
      Object r = body.apply(wrapped);
      Tensor[] results = r instanceof Tensor t ? new Tensor[] {t} : (Tensor[]) r;
      Tensor[] out = new Tensor[results.length];
      for (int i = 0; i < results.length; i++) {
        out[i] = results[i] == null ? null : level.unwrap(results[i], 0);
      }
      return out;
    } finally {
      level.finish();
    }
  }

  private static Tensor[] append(Tensor[] a, Tensor... b) {
    Tensor[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int[] append(int[] a, int... b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
