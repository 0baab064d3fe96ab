package dev.fluxion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: recording on the level-0 tape, and the reverse sweep shared by
 * {@link Tensor#backward()} (see {@link Backward}) and the {@code grad}/{@code vjp} transforms.
 * Cotangents are summed at fan-out and brought back to each input's shape and dtype here, in
 * one place ({@link #fit}), so that no VJP rule handles broadcasting.
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

  /** Where a sweep finds the values of each node's rule and where its cotangents go. */
  interface Route {
    /** The inputs to run node {@code n}'s rule on. */
    Tensor[] inputs(Node n);

    /** The output to run node {@code n}'s rule on. */
    Tensor output(Node n);

    /** Called for each inner node that received a cotangent, before its rule runs (checks go here). */
    default void reached(Node n) {}

    /** Whether cotangents flow into parent {@code p} (otherwise they are not computed). */
    default boolean into(Node p) {
      return true;
    }

    /** Whether the sweep stops at {@code n} and hands it its total cotangent (leaves always stop). */
    default boolean endsAt(Node n) {
      return n.isLeaf();
    }

    /** Receives the total cotangent of a node the sweep stops at (the receiver owns it when owning). */
    void end(Node n, Tensor cotangent);
  }

  /**
   * The reverse sweep over {@code order} (topological: each node after its parents, the root
   * last) with the root's cotangent {@code seed}. With {@code owning}, the sweep owns every
   * intermediate cotangent and frees it as soon as it has been used, also when a rule throws
   * (level 0 only: at higher levels those values may be recorded by an outer transform and must
   * stay alive).
   */
  static void sweep(List<Node> order, Tensor seed, boolean owning, Route route) {
    Map<Node, Tensor> grads = new IdentityHashMap<>();
    grads.put(order.get(order.size() - 1), seed);
    try {
      for (int k = order.size() - 1; k >= 0; k--) {
        Node node = order.get(k);
        Tensor g = grads.remove(node);
        if (g == null) {
          continue;
        }
        if (route.endsAt(node)) {
          route.end(node, g);
          continue;
        }
        try {
          route.reached(node);
          propagate(node, g, owning, route, grads);
        } finally {
          if (owning) {
            g.close();
          }
        }
      }
    } catch (RuntimeException | Error e) {
      if (owning) {
        grads.values().forEach(Tensor::close);
      }
      throw e;
    }
  }

  /** Runs one node's rule on cotangent {@code g} and adds the results to its parents' totals. */
  private static void propagate(Node node, Tensor g, boolean owning, Route route, Map<Node, Tensor> grads) {
    boolean[] needs = new boolean[node.parents.length];
    for (int i = 0; i < needs.length; i++) {
      needs[i] = node.parents[i] != null && route.into(node.parents[i]);
    }
    Tensor[] gs = applyRule(node, route.inputs(node), route.output(node), g, needs, owning);
    Set<Tensor> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < gs.length; i++) {
      Tensor gi = gs[i];
      if (gi == null) {
        continue;
      }
      gs[i] = null;
      if (owning && (gi == g || !handedOut.add(gi))) {
        gi = alias(gi);
      }
      Node parent = node.parents[i];
      Tensor acc = grads.get(parent);
      if (acc == null) {
        grads.put(parent, gi);
        continue;
      }
      try {
        grads.put(parent, acc.add(gi));
      } finally {
        if (owning) {
          gi.close();
          if (grads.get(parent) != acc) {
            acc.close();
          }
        }
      }
    }
  }

  /** Runs a node's VJP rule and fits each cotangent to its input; temporaries freed when owning. */
  private static Tensor[] applyRule(Node node, Tensor[] in, Tensor out, Tensor g, boolean[] needs, boolean owning) {
    if (!owning) {
      return fitAll(in, node.prim.vjp(in, out, g, needs), needs);
    }
    try (Scope scope = Tensor.scope()) {
      Tensor[] gs = fitAll(in, node.prim.vjp(in, out, g, needs), needs);
      scope.keep(Arrays.stream(gs).filter(t -> t != null).toArray(Tensor[]::new));
      return gs;
    }
  }

  private static Tensor[] fitAll(Tensor[] in, Tensor[] gs, boolean[] needs) {
    Tensor[] out = new Tensor[gs.length];
    for (int i = 0; i < gs.length; i++) {
      if (needs[i] && gs[i] != null) {
        out[i] = fit(gs[i], in[i]);
      }
    }
    return out;
  }

  /** A second handle on the same memory, so that two owners can close independently. */
  static Tensor alias(Tensor g) {
    return g.tracer == null ? g.detach() : g;
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
