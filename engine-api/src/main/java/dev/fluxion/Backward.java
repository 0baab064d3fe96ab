package dev.fluxion;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Tensor#backward(Tensor)}: the MyGrad-style reverse sweep of the level-0 tape.
 *
 * <p>All or nothing: every node is checked before anything runs (a released node whose rule
 * needs its saved values, a saved value closed or overwritten by assign()), the variables'
 * cotangents are collected during the sweep and added to their gradients only once the whole
 * sweep has succeeded. Then the graph is released (see {@link Node}): its saved values move to
 * a {@link ReleasedGraph}, from which every intermediate tensor that took part, and the tensor
 * backward() was called on, computes its gradient when {@link Tensor#grad()} is first asked
 * for. Only variables get theirs at once; so a sweep over tensors nobody looks at afterwards
 * (a bulk workload) keeps no more memory than the sweep itself needs.
 */
final class Backward {
  private Backward() {}

  static void run(Tensor root, Tensor seed) {
    if (root.tracer != null) {
      throw new IllegalStateException("backward: this tensor is traced by " + root.tracer.level
          + "; inside function transforms use Autodiff.grad or Autodiff.vjp");
    }
    root.checkOpen("backward");
    if (!root.dtype().isFloating()) {
      throw new IllegalArgumentException("backward: Integer-valued tensors must be treated as constants, and this"
          + " tensor is " + root.dtype().numpyName() + " (shape " + Shape.str(root.shapeRef()) + "), so there is nothing"
          + " to differentiate; only float32 and float64 tensors have gradients");
    }
    Node start = root.tapeNode();
    if (start == null) {
      throw new IllegalStateException("backward: this tensor (shape " + Shape.str(root.shapeRef()) + ", "
          + root.dtype().numpyName() + ") is a constant: no variable was involved in computing it, or it was"
          + " computed under noGrad or from detach(), so there is nothing to differentiate");
    }
    List<Node> order = Tape.topologicalOrder(start);
    for (Node n : order) {
      if (!n.isLeaf()) {
        n.checkRunnable("backward");
      }
    }
    // The seed is kept for the gradients of intermediates computed later: outside any scope.
    Tensor g = seed == null ? Tensor.onesLike(root) : Scope.outside(() -> seedFor(root, seed));
    ThreadState st = ThreadState.get();
    boolean owning = st.activeTransforms == 0;
    Map<Node, Tensor> leaves = new IdentityHashMap<>();
    List<Node> reached = new ArrayList<>();
    st.tapeOff++;
    try {
      Tape.sweep(order, owning ? Tape.alias(g) : g, owning, new Tape.Route() {
        @Override
        public Tensor[] inputs(Node n) {
          return n.ruleInputs(null);
        }

        @Override
        public Tensor output(Node n) {
          return n.ruleOutput(null);
        }

        @Override
        public void reached(Node n) {
          reached.add(n);
        }

        @Override
        public void end(Node n, Tensor cotangent) {
          leaves.put(n, cotangent);
        }
      });
      addToGradients(order, leaves, owning);
    } catch (RuntimeException | Error e) {
      if (owning) {
        leaves.values().forEach(Tensor::close);
      }
      throw e;
    } finally {
      st.tapeOff--;
    }
    if (!reached.isEmpty()) {
      release(order, reached, seed == null ? null : g, owning);
    }
  }

  private static Tensor seedFor(Tensor root, Tensor seed) {
    if (seed.device() != root.device()) {
      throw new IllegalArgumentException("backward: the seed is on " + seed.device().name()
          + " but the tensor is on " + root.device().name());
    }
    if (!Shape.broadcastsTo(seed.shapeRef(), root.shapeRef())) {
      throw new IllegalArgumentException("backward: a seed of shape " + Shape.str(seed.shapeRef())
          + " does not broadcast to the tensor's shape " + Shape.str(root.shapeRef()));
    }
    return seed.detach().to(root.dtype()).broadcastTo(root.shapeRef());
  }

  /**
   * Adds each variable's cotangent to its gradient: every new total is computed first, then all
   * are stored, so that a failure (out of memory) leaves every gradient as it was.
   */
  private static void addToGradients(List<Node> order, Map<Node, Tensor> cotangents, boolean owning) {
    List<Tensor> variables = new ArrayList<>();
    List<Tensor> totals = new ArrayList<>();
    try {
      for (Node n : order) {
        Tensor c = cotangents.remove(n);
        if (c == null) {
          continue;
        }
        Tensor own = ownedCopy(c, owning);
        Tensor old = n.leaf.gradIfComputed();
        variables.add(n.leaf);
        totals.add(old == null ? own : add(old, own, owning));
      }
    } catch (RuntimeException | Error e) {
      if (owning) {
        for (int i = 0; i < totals.size(); i++) {
          if (totals.get(i) != variables.get(i).gradIfComputed()) {
            totals.get(i).close();
          }
        }
      }
      throw e;
    }
    for (int i = 0; i < variables.size(); i++) {
      variables.get(i).replaceGrad(totals.get(i), owning);
    }
  }

  /**
   * The gradient of a non-leaf tensor: {@code current} plus its cotangent from each released
   * graph it took part in, in the order of their backward() calls. Computed in new tensors:
   * if it throws, nothing changed.
   */
  static Tensor pendingGrad(Node node, Tensor current, List<ReleasedGraph> graphs) {
    Tensor total = current;
    try {
      for (ReleasedGraph graph : graphs) {
        boolean owning = graph.owning();
        Tensor c = ownedCopy(graph.cotangentOf(node), owning);
        Tensor next = total == null ? c : add(total, c, owning);
        if (owning && total != current) {
          total.close();
        }
        total = next;
      }
    } catch (RuntimeException | Error e) {
      if (total != current && total != null) {
        total.close();
      }
      throw e;
    }
    return total;
  }

  /** {@code old + c}, freeing {@code c} when owning. */
  static Tensor add(Tensor old, Tensor c, boolean owning) {
    try {
      return old.add(c);
    } finally {
      if (owning) {
        c.close();
      }
    }
  }

  /** A gradient a tensor can own: dense memory of its own (no shared broadcast element). */
  static Tensor ownedCopy(Tensor g, boolean owning) {
    if (!owning || g.tracer != null) {
      return g;
    }
    if (g.liveView("backward").isContiguous() && !g.liveView("backward").isImmediate()) {
      return g;
    }
    try {
      return g.copy();
    } finally {
      g.close();
    }
  }

  /**
   * Releases the graph: each node drops its saved values, which move to one
   * {@link ReleasedGraph}; each tensor that received a cotangent (and is still held) gets its
   * gradient from it when asked.
   */
  private static void release(List<Node> order, List<Node> reached, Tensor seed, boolean owning) {
    Map<Node, Tensor[]> kept = new IdentityHashMap<>();
    List<Tensor> outputs = new ArrayList<>(reached.size());
    for (Node n : reached) {
      outputs.add(n.outputIfHeld());
    }
    for (Node n : order) {
      if (!n.isLeaf() && !n.isReleased()) {
        kept.put(n, n.release());
      }
    }
    ReleasedGraph graph = new ReleasedGraph(order, kept, seed, owning);
    for (Tensor t : outputs) {
      if (t != null && !t.isClosed()) {
        t.addPendingGrad(graph);
      }
    }
  }
}
