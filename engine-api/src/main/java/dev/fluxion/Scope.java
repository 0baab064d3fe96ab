package dev.fluxion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Deterministic release of tensors (device memory must not wait for the garbage collector).
 * Every tensor created on this thread while the scope is the innermost open one is closed
 * when the scope closes, except the tensors passed to {@link #keep}, which then belong to the
 * enclosing scope (or to no scope). A gradient belongs to the tensor whose {@code grad()} it
 * is, not to a scope; the gradient of a kept intermediate tensor is computed before the scope
 * closes the values it needs.
 *
 * <pre>{@code
 * try (Scope scope = Tensor.scope()) {
 *   Tensor loss = model.forward(x).sub(y).square().mean();
 *   loss.backward();
 *   optimizer.step();
 *   lossValue = loss.item();
 * } // every temporary of the step is freed here
 * }</pre>
 */
public final class Scope implements AutoCloseable {
  private final List<Tensor> tensors = new ArrayList<>();
  private final Set<Tensor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Scope parent;
  private final ThreadState state;
  private boolean closed;

  Scope(ThreadState state) {
    this.state = state;
    this.parent = state.scope;
    state.scope = this;
  }

  /** Runs {@code body} with no scope open: what it creates belongs to no scope. */
  static <T> T outside(java.util.function.Supplier<T> body) {
    ThreadState st = ThreadState.get();
    Scope saved = st.scope;
    st.scope = null;
    try {
      return body.get();
    } finally {
      st.scope = saved;
    }
  }

  void register(Tensor t) {
    tensors.add(t);
  }

  /** Keeps a tensor alive past this scope; returns it for chaining. */
  public Tensor keep(Tensor t) {
    keepOne(t);
    return t;
  }

  /** Keeps tensors alive past this scope. */
  public void keep(Tensor... ts) {
    for (Tensor t : ts) {
      keepOne(t);
    }
  }

  private void keepOne(Tensor t) {
    if (t == null || !kept.add(t)) {
      return;
    }
    for (Tensor part : t.tracedParts()) {
      keepOne(part);
    }
  }

  /** Closes every tensor created inside this scope and not kept. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    while (state.scope != null && state.scope != this) {
      state.scope.close(); // an inner scope left open is closed first
    }
    closed = true;
    state.scope = parent;
    for (Tensor t : kept) {
      t.computePendingGrad(); // from values this scope is about to close
    }
    for (Tensor t : tensors) {
      if (kept.contains(t)) {
        if (parent != null) {
          parent.register(t);
        }
      } else if (!t.ownedAsGrad()) {
        t.close();
      }
    }
    tensors.clear();
    kept.clear();
  }
}
