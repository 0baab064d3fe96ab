package dev.fluxion;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Function transforms in the style of JAX: each takes a function of tensors and returns a new
 * function. They nest freely — {@code grad(grad(f))}, {@code jvp} of {@code grad},
 * {@code vmap(grad(f))}, {@code jacfwd(jacrev(f))} — because every transform opens its own
 * level and every derivative rule is itself made of differentiable, batchable tensor ops.
 *
 * <pre>{@code
 * Function<Tensor, Tensor> f = x -> x.square().add(x.log());
 * Autodiff.grad(f).apply(Tensor.of(0.1));                 // 2x + 1/x        = 10.2
 * Autodiff.grad(Autodiff.grad(f)).apply(Tensor.of(0.1));  // 2 − 1/x²        = −98
 * Autodiff.vmap(Autodiff.grad(x -> x.square())).apply(Tensor.of(1.5, 2, -2, 5)); // [3, 4, −4, 10]
 * }</pre>
 */
public final class Autodiff {
  private Autodiff() {}

  /** The value of {@code f} at a point with the pullback {@code ct ↦ ctᵀ·J} (callable many times). */
  public record Vjp(Tensor value, Function<Tensor, Tensor> pullback) {}

  /** The value of {@code f} at several arguments with the pullback to all of them. */
  public record VjpN(Tensor value, Function<Tensor, Tensor[]> pullback) {}

  // ---------------------------------------------------------------------------------------
  // Reverse mode
  // ---------------------------------------------------------------------------------------

  /**
   * The gradient ∇f of a function with a 0-d output: {@code grad(f).apply(x)} has the shape
   * and dtype of x. Throws {@link IllegalArgumentException} naming the output shape when f is
   * not scalar-valued (use {@link #jacrev} or {@link #vjp}), and for integer inputs.
   */
  public static Function<Tensor, Tensor> grad(Function<Tensor, Tensor> f) {
    return x -> valueAndGrad(f).apply(x)[1];
  }

  /** {@code {f(x), ∇f(x)}} from one forward and one reverse pass. */
  public static Function<Tensor, Tensor[]> valueAndGrad(Function<Tensor, Tensor> f) {
    return x -> valueAndGradAt(args -> f.apply(args[0]), new Tensor[] {x}, new int[] {0});
  }

  /**
   * The gradient with respect to one argument ({@code argnum} 0 or 1) of a two-argument
   * function; the other argument is held constant (it is not traced, so it may be an integer
   * tensor, and no work is spent on its gradient).
   */
  public static BiFunction<Tensor, Tensor, Tensor> grad(BiFunction<Tensor, Tensor, Tensor> f, int argnum) {
    if (argnum != 0 && argnum != 1) {
      throw new IllegalArgumentException("grad: argnum must be 0 or 1 for a two-argument function, got " + argnum);
    }
    return (x, y) -> valueAndGradAt(a -> f.apply(a[0], a[1]), new Tensor[] {x, y}, new int[] {argnum})[1];
  }

  /** The gradients with respect to both arguments of a two-argument function. */
  public static BiFunction<Tensor, Tensor, Tensor[]> grad(BiFunction<Tensor, Tensor, Tensor> f) {
    return (x, y) -> {
      Tensor[] r = valueAndGradAt(a -> f.apply(a[0], a[1]), new Tensor[] {x, y}, new int[] {0, 1});
      return new Tensor[] {r[1], r[2]};
    };
  }

  /** The gradients with respect to every argument of a function of several tensors. */
  public static Function<Tensor[], Tensor[]> gradN(Function<Tensor[], Tensor> f) {
    return xs -> Arrays.copyOfRange(valueAndGradAt(f, xs, range(xs.length)), 1, xs.length + 1);
  }

  /**
   * The gradient with respect to argument {@code argnum} of a function of several tensors; the
   * other arguments are held constant (they may be integer tensors).
   */
  public static Function<Tensor[], Tensor> gradN(Function<Tensor[], Tensor> f, int argnum) {
    return xs -> {
      if (argnum < 0 || argnum >= xs.length) {
        throw new IllegalArgumentException("grad: argnum " + argnum + " is out of range for " + xs.length + " arguments");
      }
      return valueAndGradAt(f, xs, new int[] {argnum})[1];
    };
  }

  /** {@code {f(xs), ∂f/∂xs[0], ∂f/∂xs[1], ...}}. */
  public static Function<Tensor[], Tensor[]> valueAndGradN(Function<Tensor[], Tensor> f) {
    return xs -> valueAndGradAt(f, xs, range(xs.length));
  }

  /** {@code {f(xs), ∂f/∂xs[wrt[0]], ∂f/∂xs[wrt[1]], ...}}, tracing only the arguments in {@code wrt}. */
  private static Tensor[] valueAndGradAt(Function<Tensor[], Tensor> f, Tensor[] xs, int[] wrt) {
    VjpN r = vjpAt(f, xs, wrt, "grad");
    Tensor y = r.value();
    if (y.ndim() != 0) {
      throw new IllegalArgumentException("grad: the function must return a 0-d (scalar) tensor, but it returned shape "
          + Shape.str(y.shapeRef()) + "; use jacrev or vjp for non-scalar outputs");
    }
    if (!y.dtype().isFloating()) {
      throw new IllegalArgumentException("grad: the function must return a floating tensor, got " + y.dtype().numpyName());
    }
    Tensor[] grads = r.pullback().apply(Tensor.onesLike(y));
    Tensor[] out = new Tensor[grads.length + 1];
    out[0] = y;
    System.arraycopy(grads, 0, out, 1, grads.length);
    return out;
  }

  /**
   * Reverse mode at a point: the value {@code f(x)} and the pullback {@code ct ↦ ctᵀ·J}, where
   * {@code ct} has the shape of the value and the result the shape of x.
   */
  public static Vjp vjp(Function<Tensor, Tensor> f, Tensor x) {
    VjpN r = vjpAt(a -> f.apply(a[0]), new Tensor[] {x}, new int[] {0}, "vjp");
    return new Vjp(r.value(), ct -> r.pullback().apply(ct)[0]);
  }

  /** Reverse mode at a point for a function of several tensors. */
  public static VjpN vjpN(Function<Tensor[], Tensor> f, Tensor... xs) {
    return vjpAt(f, xs, range(xs.length), "vjp");
  }

  /**
   * Reverse mode with respect to the arguments {@code wrt} (the others are passed to f as they
   * are): the pullback returns one cotangent per entry of {@code wrt}.
   */
  private static VjpN vjpAt(Function<Tensor[], Tensor> f, Tensor[] xs, int[] wrt, String op) {
    for (int i : wrt) {
      requireFloatingInput(op, xs[i]);
    }
    GradLevel level = new GradLevel();
    level.open();
    Node[] leaves = new Node[wrt.length];
    Tensor[] points = new Tensor[wrt.length];
    Tensor y;
    try {
      Tensor[] traced = xs.clone();
      for (int k = 0; k < wrt.length; k++) {
        leaves[k] = Node.input();
        points[k] = xs[wrt[k]];
        traced[wrt[k]] = level.wrap(xs[wrt[k]], leaves[k]);
      }
      y = f.apply(traced);
    } finally {
      level.finish();
    }
    Tensor traced = y;
    Tensor value = level.primal(y);
    return new VjpN(value, ct -> {
      if (!Arrays.equals(ct.shapeRef(), value.shapeRef())) {
        throw new IllegalArgumentException(op + ": the cotangent has shape " + Shape.str(ct.shapeRef())
            + " but the function's value has shape " + Shape.str(value.shapeRef()));
      }
      Tensor seed = ct.dtype() == value.dtype() ? ct : ct.to(value.dtype());
      return level.pull(traced, seed, leaves, points);
    });
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------
  // Forward mode
  // ---------------------------------------------------------------------------------------

  /**
   * Forward mode: {@code {f(x), J·v}} in one forward pass, with {@code v} of x's shape. No
   * reverse sweep runs and no Jacobian is formed.
   */
  public static Tensor[] jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return jvpN(a -> f.apply(a[0]), new Tensor[] {x}, new Tensor[] {v});
  }

  /** Forward mode for a function of several tensors, with one tangent per argument. */
  public static Tensor[] jvpN(Function<Tensor[], Tensor> f, Tensor[] xs, Tensor[] vs) {
    if (xs.length != vs.length) {
      throw new IllegalArgumentException("jvp: " + xs.length + " arguments but " + vs.length + " tangents");
    }
    for (int i = 0; i < xs.length; i++) {
      requireFloatingInput("jvp", xs[i]);
      if (!Arrays.equals(xs[i].shapeRef(), vs[i].shapeRef())) {
        throw new IllegalArgumentException("jvp: tangent " + i + " has shape " + Shape.str(vs[i].shapeRef())
            + " but its argument has shape " + Shape.str(xs[i].shapeRef()));
      }
    }
    JvpLevel level = new JvpLevel();
    level.open();
    try {
      Tensor[] traced = new Tensor[xs.length];
      for (int i = 0; i < xs.length; i++) {
        Tensor v = vs[i].dtype() == xs[i].dtype() ? vs[i] : vs[i].to(xs[i].dtype());
        traced[i] = level.wrap(xs[i], v);
      }
      return level.unwrap(f.apply(traced));
    } finally {
      level.finish();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Jacobians
  // ---------------------------------------------------------------------------------------

  /**
   * The Jacobian by forward mode, of shape {@code out.shape ++ in.shape}: {@link #jvp} pushed
   * through {@link #vmap} over a batch of basis tangents, in one batched pass.
   */
  public static Function<Tensor, Tensor> jacfwd(Function<Tensor, Tensor> f) {
    return x -> {
      requireFloatingInput("jacfwd", x);
      int n = (int) x.size();
      Tensor basis = basis(n, x).reshape(prepend(n, x.shapeRef()));
      Tensor columns = vmap((Tensor v) -> jvp(f, x, v)[1]).apply(basis);
      long[] out = Arrays.copyOfRange(columns.shapeRef(), 1, columns.ndim());
      return columns.moveAxis(0, -1).reshape(concat(out, x.shapeRef()));
    };
  }

  /**
   * The Jacobian by reverse mode, of shape {@code out.shape ++ in.shape}: the pullback of
   * {@link #vjp} pushed through {@link #vmap} over a batch of basis cotangents.
   */
  public static Function<Tensor, Tensor> jacrev(Function<Tensor, Tensor> f) {
    return x -> {
      Vjp r = vjp(f, x);
      long[] out = r.value().shapeRef();
      int m = (int) Shape.size(out);
      Tensor basis = basis(m, r.value()).reshape(prepend(m, out));
      Tensor rows = vmap(r.pullback()).apply(basis);
      return rows.reshape(concat(out, x.shapeRef()));
    };
  }

  /** The Hessian {@code jacfwd(jacrev(f))}, of shape {@code in.shape ++ in.shape} for scalar f. */
  public static Function<Tensor, Tensor> hessian(Function<Tensor, Tensor> f) {
    return jacfwd(jacrev(f));
  }

  // ---------------------------------------------------------------------------------------
  // Batching
  // ---------------------------------------------------------------------------------------

  /** Maps {@code f} over axis 0 of its input and stacks the results on axis 0. */
  public static Function<Tensor, Tensor> vmap(Function<Tensor, Tensor> f) {
    return vmap(f, 0, 0);
  }

  /**
   * Maps {@code f} over axis {@code inAxis} of its input and stacks results on {@code outAxis}
   * — as one batched computation of whole-tensor primitives, not a loop.
   */
  public static Function<Tensor, Tensor> vmap(Function<Tensor, Tensor> f, int inAxis, int outAxis) {
    return x -> {
      if (x.ndim() == 0) {
        throw new IllegalArgumentException("vmap: cannot map over a 0-d tensor");
      }
      int axis = Shape.axis("vmap", inAxis, x.ndim());
      BatchLevel level = new BatchLevel(x.shapeRef()[axis]);
      level.open();
      try {
        return level.unwrap(f.apply(level.wrap(x, axis)), outAxis);
      } finally {
        level.finish();
      }
    };
  }

  // ---------------------------------------------------------------------------------------
  // Recording switches
  // ---------------------------------------------------------------------------------------

  /**
   * Runs {@code body} without differentiation: nothing is recorded on the tape, and the
   * {@code grad} and {@code jvp} transforms already running see its results as constants;
   * {@code vmap} still batches. Transforms opened inside {@code body} work normally (as with
   * PyTorch's {@code torch.func} under {@code no_grad}): {@code noGrad(() -> grad(f).apply(x))}
   * is the gradient, not zero.
   */
  public static <T> T noGrad(Supplier<T> body) {
    ThreadState st = ThreadState.get();
    int saved = st.noGradUpTo;
    st.noGradUpTo = Level.newestDepth();
    try {
      return body.get();
    } finally {
      st.noGradUpTo = saved;
    }
  }

  /** {@link #noGrad(Supplier)} for a body without a result. */
  public static void noGrad(Runnable body) {
    noGrad(() -> {
      body.run();
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Custom derivative rules (see CustomPrim)
  // ---------------------------------------------------------------------------------------

  /**
   * {@code f} with its own reverse-mode rule (JAX's {@code custom_vjp}, PyTorch's
   * {@code autograd.Function}): {@code vjp(x, ct)} returns x's cotangent {@code ctᵀ·∂f/∂x} for a
   * cotangent {@code ct} of f's output. The value is f's, computed without differentiating
   * inside f. Composes with grad, vjp, jacrev, vmap and their nestings (the rule, written with
   * Tensor ops, is differentiated and batched in turn); forward mode (jvp, jacfwd, hessian) is
   * refused with {@link UnsupportedOperationException}, as in JAX, unless a JVP rule is given
   * too ({@link #customVjp(Function, BiFunction, BiFunction)}).
   *
   * <pre>{@code
   * // log(1 + eˣ), stable for large x, with the derivative σ(x): finite at x = 1000
   * Function<Tensor, Tensor> log1pexp = Autodiff.customVjp(
   *     x -> x.relu().add(x.abs().neg().exp().log1p()),
   *     (x, ct) -> ct.mul(x.sigmoid()));
   * }</pre>
   */
  public static Function<Tensor, Tensor> customVjp(Function<Tensor, Tensor> f, BiFunction<Tensor, Tensor, Tensor> vjp) {
    return customVjp(f, vjp, null);
  }

  /**
   * {@code f} with both rules: {@code vjp(x, ct)} for reverse mode and {@code jvp(x, t)} (the
   * output's tangent for x's tangent t, linear in t) for forward mode. Every transform works.
   */
  public static Function<Tensor, Tensor> customVjp(Function<Tensor, Tensor> f, BiFunction<Tensor, Tensor, Tensor> vjp,
      BiFunction<Tensor, Tensor, Tensor> jvp) {
    requireRule("customVjp", f, vjp);
    Function<Tensor[], Tensor> g = customVjpN(a -> f.apply(a[0]), (a, ct) -> new Tensor[] {vjp.apply(a[0], ct)},
        jvp == null ? null : (a, t) -> jvp.apply(a[0], t[0]), "customVjp");
    return x -> g.apply(new Tensor[] {x});
  }

  /**
   * {@code f} with its own forward-mode rule (JAX's {@code custom_jvp}): {@code jvp(x, t)} returns
   * the output's tangent for x's tangent t, and must be linear in t. Reverse mode uses the
   * transpose of this rule (its VJP in t), so every transform works: grad, vjp, jvp, jacfwd,
   * jacrev, hessian, vmap, nested.
   */
  public static Function<Tensor, Tensor> customJvp(Function<Tensor, Tensor> f, BiFunction<Tensor, Tensor, Tensor> jvp) {
    requireRule("customJvp", f, jvp);
    Function<Tensor[], Tensor> g = customJvpN(a -> f.apply(a[0]), (a, t) -> jvp.apply(a[0], t[0]));
    return x -> g.apply(new Tensor[] {x});
  }

  /**
   * {@link #customVjp} for a function of several tensors: {@code vjp(xs, ct)} returns one
   * cotangent per argument (null for an argument that needs none, such as integer labels).
   */
  public static Function<Tensor[], Tensor> customVjpN(Function<Tensor[], Tensor> f,
      BiFunction<Tensor[], Tensor, Tensor[]> vjp) {
    requireRule("customVjpN", f, vjp);
    return customVjpN(f, vjp, null, "customVjpN");
  }

  /** {@link #customVjpN} with a forward-mode rule {@code jvp(xs, ts)} as well. */
  public static Function<Tensor[], Tensor> customVjpN(Function<Tensor[], Tensor> f,
      BiFunction<Tensor[], Tensor, Tensor[]> vjp, BiFunction<Tensor[], Tensor[], Tensor> jvp) {
    requireRule("customVjpN", f, vjp);
    return customVjpN(f, vjp, jvp, "customVjpN");
  }

  /**
   * {@link #customJvp} for a function of several tensors: {@code jvp(xs, ts)} gets one tangent
   * per argument (zeros for arguments that are not differentiated) and returns the output's.
   */
  public static Function<Tensor[], Tensor> customJvpN(Function<Tensor[], Tensor> f, BiFunction<Tensor[], Tensor[], Tensor> jvp) {
    requireRule("customJvpN", f, jvp);
    CustomPrim p = new CustomPrim("customJvp", f, null, jvp);
    return xs -> Dispatcher.apply(p, xs);
  }

  private static Function<Tensor[], Tensor> customVjpN(Function<Tensor[], Tensor> f,
      BiFunction<Tensor[], Tensor, Tensor[]> vjp, BiFunction<Tensor[], Tensor[], Tensor> jvp, String name) {
    CustomPrim p = new CustomPrim(name, f, vjp, jvp);
    return xs -> Dispatcher.apply(p, xs);
  }

  private static void requireRule(String op, Object f, Object rule) {
    if (f == null || rule == null) {
      throw new IllegalArgumentException(op + ": needs a function and a rule, got " + (f == null ? "no function" : "no rule"));
    }
  }

  // ---------------------------------------------------------------------------------------

  private static void requireFloatingInput(String op, Tensor x) {
    if (!x.dtype().isFloating()) {
      throw new IllegalArgumentException(op + ": can only differentiate with respect to floating inputs, got "
          + x.dtype().numpyName() + " (shape " + Shape.str(x.shapeRef()) + ")");
    }
  }

  /** The n×n identity as a constant of {@code like}'s dtype and device. */
  private static Tensor basis(int n, Tensor like) {
    return noGrad(() -> {
      Tensor i = Tensor.arange(DType.INT64, like.device(), 0, n, 1);
      return i.expandDims(1).eq(i.expandDims(0)).to(like.dtype());
    });
  }

  private static long[] prepend(long n, long[] s) {
    long[] out = new long[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Compilation (issue 12)
  // ---------------------------------------------------------------------------------------

  /**
   * {@code f} compiled: traced once per input signature (dtype, shape, strides and device of the
   * input) and replayed after that. Tracing runs {@code f} eagerly once while the device records
   * every kernel it runs — including those of {@link #grad}, {@link #vjp}, {@link #jvp},
   * {@link #vmap} and {@code backward()} called inside {@code f} — and lowers the recording into
   * a plan: chains of elementwise kernels become one fused program each, matmuls stay the
   * backend's GEMM, and the intermediates get buffers of the plan, shared by liveness. A replay
   * only calls the backend: no Java op dispatch, no shape inference, no tape, and no allocation
   * except the buffers of the results. A new signature traces again; the plans of the
   * {@value Jit#DEFAULT_CACHE_SIZE} signatures used last are kept.
   *
   * <pre>{@code
   * Function<Tensor, Tensor> df = Autodiff.jit(Autodiff.grad(x -> x.sin().mul(x).sum()));
   * df.apply(x1);   // traces and compiles (the result is the eager one)
   * df.apply(x2);   // replays: same shape and dtype, new values
   * }</pre>
   *
   * <p>Results equal eager evaluation: bit for bit on the CPU (the same kernels run; a fused
   * region computes op by op in registers), within the dtype's rounding where a device's fused
   * kernel contracts operations differently.
   *
   * <p>What a jitted function may not do, as in JAX: read on the host a value that depends on its
   * inputs ({@code item()}, {@code toDoubleArray()}, a Java {@code if} on a tensor, a boolean
   * {@code mask}) — the trace throws a {@link ConcretizationException} naming the op; everything
   * else computed in Java (shapes, loop counts, scalars) is fixed at the trace. Tensors that
   * {@code f} closes over are constants of the trace: the plan reads their buffers where they
   * are (kept alive by the plan), so in-place updates of them ({@code assign}, an optimizer's
   * step) are seen by later calls, and updates that {@code f} makes to them are made again at
   * every call; but a closed-over tensor replaced by another object, and Java state that
   * {@code f} changes (fields, the gradients {@code backward()} leaves on leaves, random-number
   * generators), are not replayed: random numbers drawn inside {@code f} are the trace's at every
   * call (pass them as inputs).
   *
   * <p>Composition: {@code jit(grad(f))}, {@code jit(vmap(f))}, {@code jit(hessian(f))} compile
   * the derivative. Called under a transform ({@code grad(jit(f))}, {@code vmap(jit(f))}) the
   * function runs uncompiled, so the outer transform sees every primitive of {@code f}. Inputs are
   * constants of the trace (variables are detached) and results are constants: a
   * {@code backward()} from a result of {@code jit(f)} does not reach its inputs — compile the
   * gradient ({@code jit(grad(f))}) or call {@code backward()} inside {@code f}.
   *
   * @return the compiled function; {@link Jit1#compiled()} gives its cache and plan statistics
   */
  public static Jit1 jit(Function<Tensor, Tensor> f) {
    java.util.Objects.requireNonNull(f, "jit: f is null");
    return new Jit1(new Jit("jit", a -> new Tensor[] {f.apply(a[0])}, Jit.DEFAULT_CACHE_SIZE));
  }

  /** {@link #jit(Function)} for a function of two tensors. */
  public static Jit2 jit(BiFunction<Tensor, Tensor, Tensor> f) {
    java.util.Objects.requireNonNull(f, "jit: f is null");
    return new Jit2(new Jit("jit", a -> new Tensor[] {f.apply(a[0], a[1])}, Jit.DEFAULT_CACHE_SIZE));
  }

  /** {@link #jit(Function)} for a function of any number of tensors returning any number of tensors. */
  public static Jit jitN(Function<Tensor[], Tensor[]> f) {
    java.util.Objects.requireNonNull(f, "jitN: f is null");
    return new Jit("jitN", f, Jit.DEFAULT_CACHE_SIZE);
  }

  /** A compiled function of one tensor. */
  public record Jit1(Jit compiled) implements Function<Tensor, Tensor> {
    @Override
    public Tensor apply(Tensor x) {
      return compiled.apply(new Tensor[] {x})[0];
    }
  }

  /** A compiled function of two tensors. */
  public record Jit2(Jit compiled) implements BiFunction<Tensor, Tensor, Tensor> {
    @Override
    public Tensor apply(Tensor x, Tensor y) {
      return compiled.apply(new Tensor[] {x, y})[0];
    }
  }
}
