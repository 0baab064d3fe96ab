package dev.fluxion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph that a level-0 {@code backward()} went through and released, with the values its
 * rules read: the gradient of any intermediate tensor that took part (and of the tensor
 * backward() was called on) is computed from it when {@link Tensor#grad()} is first asked for,
 * by the same sweep restricted to the nodes between that tensor and the root, in the same
 * order, so it has the same bits as if it had been kept during the backward. It lives as long
 * as one of those tensors holds it.
 *
 * <p>If assign() overwrote a value the restricted sweep reads after the backward, the
 * gradient can no longer be computed, and grad() throws naming the op and the value (the
 * version-counter rule of {@link Tensor#assign}); read the gradients of intermediates before
 * updating the tensors they depend on.
 */
final class ReleasedGraph {
  private final List<Node> order;
  private final Map<Node, Tensor[]> kept;
  /** The root's cotangent as given to backward(), or null for ones. */
  private final Tensor seed;
  private final long seedVersion;
  private final Node root;
  private final boolean owning;

  ReleasedGraph(List<Node> order, Map<Node, Tensor[]> kept, Tensor seed, boolean owning) {
    this.order = order;
    this.kept = kept;
    this.seed = seed;
    this.seedVersion = seed == null ? 0 : seed.storage().version();
    this.root = order.get(order.size() - 1);
    this.owning = owning;
  }

  /** Whether the sweeps of this graph free their temporaries (level 0 outside function transforms). */
  boolean owning() {
    return owning;
  }

  /** The cotangent that the root sent to {@code target}'s output (owned by the caller when owning). */
  Tensor cotangentOf(Node target) {
    int from = order.indexOf(target);
    if (from < 0) {
      throw new IllegalStateException("internal error: " + target.name() + " is not in this graph");
    }
    Set<Node> between = Collections.newSetFromMap(new IdentityHashMap<>());
    between.add(target);
    List<Node> sub = new ArrayList<>();
    sub.add(target);
    for (int k = from + 1; k < order.size(); k++) {
      Node n = order.get(k);
      for (Node p : n.parents) {
        if (p != null && between.contains(p)) {
          between.add(n);
          sub.add(n);
          break;
        }
      }
    }
    checkSeed();
    for (Node n : sub) {
      Tensor[] k = kept.get(n);
      if (n != target && k != null) {
        n.checkKept("grad()", k);
      }
    }
    Tensor[] result = new Tensor[1];
    ThreadState st = ThreadState.get();
    st.tapeOff++;
    try {
      Tape.sweep(sub, seed == null ? Tensor.onesLike(root.ruleOutput(kept.get(root))) : owning ? Tape.alias(seed) : seed,
          owning, new Tape.Route() {
        @Override
        public Tensor[] inputs(Node n) {
          return n.ruleInputs(kept.get(n));
        }

        @Override
        public Tensor output(Node n) {
          return n.ruleOutput(kept.get(n));
        }

        @Override
        public boolean into(Node p) {
          return between.contains(p);
        }

        @Override
        public boolean endsAt(Node n) {
          return n == target;
        }

        @Override
        public void end(Node n, Tensor cotangent) {
          result[0] = cotangent;
        }
      });
    } finally {
      st.tapeOff--;
    }
    return result[0];
  }

  private void checkSeed() {
    if (seed == null) {
      return;
    }
    if (seed.isClosed()) {
      throw new IllegalStateException("grad(): the seed given to backward() was closed since, so the gradients"
          + " of the tensors it reached can no longer be computed; read them before closing it");
    }
    if (seed.storage().version() != seedVersion) {
      throw new IllegalStateException("grad(): the seed given to backward() (shape " + Shape.str(seed.shapeRef())
          + ") was overwritten by assign() since, so the gradients of the tensors it reached can no longer be"
          + " computed; read them before overwriting it");
    }
  }
}
