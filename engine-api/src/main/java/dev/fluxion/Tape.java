package dev.fluxion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reverse mode: recording on the level-0 tape, and the reverse sweep shared by
 * {@link Tensor#backward()} and the {@code grad}/{@code vjp} transforms. Cotangents are
 * summed at fan-out and brought back to each input's shape and dtype here, in one place
 * ({@link #fit}), so that no VJP rule handles broadcasting.
 */
final class Tape {
  private Tape() {}

  /** Whether level 0 would record this application. */
  static boolean wouldRecord(Prim p, Tensor[] in) {
    if (!p.differentiable() || !ThreadState.get().tapeRecording()) {
      return false;
    }
    for (Tensor t : in) {
      if (t.tapeNode() != null) {
        return true;
      }
    }
    return false;
  }

  /** Attaches a tape node to a level-0 result when a variable is involved. */
  static Tensor recorded(Prim p, Tensor[] in, Tensor out) {
    if (!out.dtype().isFloating() || !p.differentiable() || !ThreadState.get().tapeRecording()) {
      return out;
    }
    Node[] parents = null;
    for (int i = 0; i < in.length; i++) {
      Node n = in[i].tapeNode();
      if (n != null) {
        if (parents == null) {
          parents = new Node[in.length];
        }
        parents[i] = n;
      }
    }
    if (parents != null) {
      out.node = new Node(p, in, out, parents);
    }
    return out;
  }

  /** {@link Tensor#backward(Tensor)}: the MyGrad-style sweep that fills {@code grad()} of variables. */
  static void backward(Tensor root, Tensor seed) {
    if (root.tracer != null) {
      throw new IllegalStateException("backward: this tensor is traced by " + root.tracer.level
          + "; inside function transforms use Autodiff.grad or Autodiff.vjp");
    }
    root.checkOpen("backward");
    if (!root.dtype().isFloating()) {
      throw new IllegalArgumentException("backward: needs a floating tensor, got " + root.dtype().numpyName());
    }
    Node start = root.tapeNode();
    if (start == null) {
      throw new IllegalStateException("backward: this tensor (shape " + Shape.str(root.shapeRef())
          + ") is a constant: no variable was involved in computing it, or it was computed under"
          + " noGrad or from detach(), so there is nothing to differentiate");
    }
    Tensor g = seedFor(root, seed);
    ThreadState st = ThreadState.get();
    boolean owning = st.activeTransforms == 0;
    st.tapeOff++;
    try {
      sweep(start, owning ? alias(g) : g, owning, (leaf, grad) -> leaf.leaf.accumulateGrad(ownedCopy(grad, owning), owning));
    } finally {
      st.tapeOff--;
    }
  }

  private static Tensor seedFor(Tensor root, Tensor seed) {
    if (seed == null) {
      return Tensor.onesLike(root);
    }
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

  /** A gradient a variable can own: dense memory of its own (no shared broadcast element). */
  private static Tensor ownedCopy(Tensor g, boolean owning) {
    if (!owning || g.tracer != null) {
      return g;
    }
    Tensor dense = g.liveView("backward").isContiguous() && !g.liveView("backward").isImmediate() ? g : g.copy();
    if (dense != g) {
      g.close();
    }
    return dense;
  }

  /** A second handle on the same memory, so that two owners can close independently. */
  private static Tensor alias(Tensor g) {
    return g.tracer == null ? g.detach() : g;
  }

  /**
   * The reverse sweep from {@code root} with cotangent {@code seed}. Each leaf reached gets its
   * total cotangent through {@code leaves}. With {@code owning}, the sweep owns every
   * intermediate cotangent and frees it as soon as it has been used (level 0 only: at higher
   * levels those values may be recorded by an outer transform and must stay alive).
   */
  static void sweep(Node root, Tensor seed, boolean owning, BiConsumer<Node, Tensor> leaves) {
    List<Node> order = topologicalOrder(root);
    Map<Node, Tensor> grads = new IdentityHashMap<>();
    grads.put(root, seed);
    for (int k = order.size() - 1; k >= 0; k--) {
      Node node = order.get(k);
      Tensor g = grads.remove(node);
      if (g == null) {
        continue;
      }
      if (node.isLeaf()) {
        leaves.accept(node, g);
        continue;
      }
      node.checkVersions();
      if (node.output.retainsGrad()) {
        node.output.accumulateGrad(ownedCopy(owning ? alias(g) : g, owning), owning);
      }
      Tensor[] gs = applyRule(node, g, owning);
      Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
      for (int i = 0; i < gs.length; i++) {
        Node parent = node.parents[i];
        Tensor gi = gs[i];
        if (parent == null || gi == null) {
          continue;
        }
        if (owning && (gi == g || !handedOut.add(gi))) {
          gi = alias(gi);
        }
        Tensor acc = grads.get(parent);
        if (acc == null) {
          grads.put(parent, gi);
        } else {
          grads.put(parent, acc.add(gi));
          if (owning) {
            acc.close();
            gi.close();
          }
        }
      }
      node.ran = true;
      if (owning) {
        g.close();
      }
    }
  }

  /** Runs a node's VJP rule and fits each cotangent to its input; temporaries freed when owning. */
  private static Tensor[] applyRule(Node node, Tensor g, boolean owning) {
    boolean[] needs = new boolean[node.inputs.length];
    for (int i = 0; i < needs.length; i++) {
      needs[i] = node.parents[i] != null;
    }
    if (!owning) {
      return fitAll(node, node.prim.vjp(node.inputs, node.output, g, needs), needs);
    }
    try (Scope scope = Tensor.scope()) {
      Tensor[] gs = fitAll(node, node.prim.vjp(node.inputs, node.output, g, needs), needs);
      scope.keep(Arrays.stream(gs).filter(t -> t != null).toArray(Tensor[]::new));
      return gs;
    }
  }

  private static Tensor[] fitAll(Node node, Tensor[] gs, boolean[] needs) {
    Tensor[] out = new Tensor[gs.length];
    for (int i = 0; i < gs.length; i++) {
      if (needs[i] && gs[i] != null) {
        out[i] = fit(gs[i], node.inputs[i]);
      }
    }
    return out;
  }

  /** Brings a cotangent to the shape (summing broadcast axes) and dtype of an input. */
  static Tensor fit(Tensor g, Tensor like) {
    long[] target = like.shapeRef();
    Tensor r = g;
    if (!Arrays.equals(r.shapeRef(), target)) {
      r = Shape.broadcastsTo(r.shapeRef(), target) ? r.broadcastTo(target) : sumTo(r, target);
    }
    return r.dtype() == like.dtype() ? r : r.to(like.dtype());
  }

  /** Sums {@code g} over the axes along which {@code shape} was broadcast to g's shape. */
  static Tensor sumTo(Tensor g, long[] shape) {
    long[] s = g.shapeRef();
    if (Arrays.equals(s, shape)) {
      return g;
    }
    int lead = s.length - shape.length;
    if (lead < 0 || !Shape.broadcastsTo(shape, s)) {
      throw new IllegalStateException("internal error: cotangent of shape " + Shape.str(s)
          + " does not reduce to shape " + Shape.str(shape));
    }
    int[] axes = new int[s.length];
    int k = 0;
    for (int i = 0; i < s.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && s[i] != 1)) {
        axes[k++] = i;
      }
    }
    Tensor r = k == 0 ? g : g.sum(true, Arrays.copyOf(axes, k));
    return r.reshape(shape);
  }

  /** Nodes reachable from {@code root}, each after all of its parents (iterative DFS). */
  static List<Node> topologicalOrder(Node root) {
    List<Node> order = new ArrayList<>();
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Node> stack = new ArrayDeque<>();
    ArrayDeque<int[]> next = new ArrayDeque<>();
    visited.add(root);
    stack.push(root);
    next.push(new int[] {0});
    while (!stack.isEmpty()) {
      Node n = stack.peek();
      int[] i = next.peek();
      if (i[0] < n.parents.length) {
        Node p = n.parents[i[0]++];
        if (p != null && visited.add(p)) {
          stack.push(p);
          next.push(new int[] {0});
        }
      } else {
        stack.pop();
        next.pop();
        order.add(n);
      }
    }
    return order;
  }
}
